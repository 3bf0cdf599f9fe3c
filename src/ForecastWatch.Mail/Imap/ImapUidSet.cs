using System.Globalization;
using System.Text;

namespace ForecastWatch.Mail.Imap;

/// <summary>Formats and parses sequence sets of UIDs (RFC 3501 section 9, sequence-set).</summary>
internal static class ImapUidSet
{
    public static string Format(IEnumerable<uint> uids)
    {
        var sorted = uids.Where(static u => u > 0).Distinct().Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("At least one UID (greater than 0) is required.", nameof(uids));
        }

        var sb = new StringBuilder();
        var i = 0;
        while (i < sorted.Length)
        {
            var j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }

            if (sb.Length > 0)
            {
                sb.Append(',');
            }

            sb.Append(sorted[i].ToString(CultureInfo.InvariantCulture));
            if (j > i)
            {
                sb.Append(':').Append(sorted[j].ToString(CultureInfo.InvariantCulture));
            }

            i = j + 1;
        }

        return sb.ToString();
    }

    /// <summary>Expands a set without '*'; returns false on anything malformed or larger than <paramref name="max"/> items.</summary>
    public static bool TryParse(string? set, out List<uint> uids, int max = 1_000_000)
    {
        uids = [];
        if (string.IsNullOrEmpty(set))
        {
            return false;
        }

        foreach (var piece in set.Split(','))
        {
            var colon = piece.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                if (!uint.TryParse(piece, NumberStyles.None, CultureInfo.InvariantCulture, out var single))
                {
                    return false;
                }

                uids.Add(single);
                continue;
            }

            if (!uint.TryParse(piece.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var a) ||
                !uint.TryParse(piece.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var b))
            {
                return false;
            }

            // RFC 3501: "2:4" and "4:2" are the same set, but COPYUID keeps the order of the source set.
            var step = a <= b ? 1L : -1L;
            for (long u = a; ; u += step)
            {
                uids.Add((uint)u);
                if (uids.Count > max)
                {
                    return false;
                }

                if (u == b)
                {
                    break;
                }
            }
        }

        return true;
    }
}
