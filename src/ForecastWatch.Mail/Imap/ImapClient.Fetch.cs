using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace ForecastWatch.Mail.Imap;

public sealed partial class ImapClient
{
    private const int FetchBatchSize = 100;

    /// <summary>
    /// UID FETCH in the selected mailbox. Messages the server no longer has are simply absent. Dispose the messages
    /// when done: bodies above <see cref="ImapClientOptions.MemoryLiteralLimit"/> live in temporary files.
    /// </summary>
    public async Task<IReadOnlyList<ImapMessage>> FetchAsync(IEnumerable<uint> uids, ImapFetchItems items, CancellationToken ct = default)
    {
        var all = new List<ImapMessage>();
        await foreach (var m in FetchStreamAsync(uids, items, ct).ConfigureAwait(false))
        {
            all.Add(m);
        }

        return all;
    }

    /// <summary>
    /// UID FETCH in batches of 100, yielding messages as each batch completes, so memory stays bounded however many
    /// messages are fetched. Do not issue other commands on this client while enumerating.
    /// </summary>
    public async IAsyncEnumerable<ImapMessage> FetchStreamAsync(IEnumerable<uint> uids, ImapFetchItems items, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(uids);
        CheckSelected();
        var sorted = uids.Where(static u => u > 0).Distinct().Order().ToArray();
        for (var i = 0; i < sorted.Length; i += FetchBatchSize)
        {
            var batch = sorted.AsSpan(i, Math.Min(FetchBatchSize, sorted.Length - i)).ToArray();
            var messages = await FetchBatchAsync(batch, items, ct).ConfigureAwait(false);
            foreach (var m in messages)
            {
                yield return m;
            }
        }
    }

    private Task<List<ImapMessage>> FetchBatchAsync(uint[] uids, ImapFetchItems items, CancellationToken ct) =>
        RunAsync(
            async (e, c) =>
            {
                var wanted = new HashSet<uint>(uids);
                var byUid = new Dictionary<uint, ImapMessage>();
                var order = new List<ImapMessage>();
                var cmd = new ImapCommandBuilder("UID FETCH").Space().Append(ImapUidSet.Format(uids)).Space().Append(FetchItemsText(items));
                try
                {
                    await CommandAsync(e, cmd, r => CollectFetch(r, wanted, byUid, order), c).ConfigureAwait(false);
                }
                catch
                {
                    foreach (var m in order)
                    {
                        m.Dispose();
                    }

                    throw;
                }

                return order;
            },
            ct);

    internal static string FetchItemsText(ImapFetchItems items)
    {
        var sb = new StringBuilder("(UID");
        if (items.HasFlag(ImapFetchItems.Flags))
        {
            sb.Append(" FLAGS");
        }

        if (items.HasFlag(ImapFetchItems.Size))
        {
            sb.Append(" RFC822.SIZE");
        }

        if (items.HasFlag(ImapFetchItems.InternalDate))
        {
            sb.Append(" INTERNALDATE");
        }

        if (items.HasFlag(ImapFetchItems.Envelope))
        {
            sb.Append(" ENVELOPE");
        }

        if (items.HasFlag(ImapFetchItems.Headers))
        {
            sb.Append(" BODY.PEEK[HEADER]");
        }

        if (items.HasFlag(ImapFetchItems.Body))
        {
            sb.Append(" BODY.PEEK[]");
        }

        return sb.Append(')').ToString();
    }

    /// <summary>Merges one FETCH response into the message it describes; returns true when a literal was kept.</summary>
    internal static bool CollectFetch(ImapResponse r, HashSet<uint>? wanted, Dictionary<uint, ImapMessage> byUid, List<ImapMessage> order)
    {
        if (r.Name != "FETCH" || r.Number is not { } seq || r.Values is not [{ Items: { } pairs }, ..])
        {
            return false;
        }

        uint? uid = null;
        for (var i = 0; i + 1 < pairs.Count; i += 2)
        {
            if (pairs[i].IsAtom("UID") && pairs[i + 1].TryGetNumber(out var u))
            {
                uid = u;
            }
        }

        // Unsolicited FETCH (flag changes of other messages) carries no UID or one we did not ask for.
        if (uid is not { } id || (wanted is not null && !wanted.Contains(id)))
        {
            return false;
        }

        if (!byUid.TryGetValue(id, out var message))
        {
            message = new ImapMessage(seq, id);
            byUid[id] = message;
            order.Add(message);
        }

        var kept = false;
        for (var i = 0; i + 1 < pairs.Count; i += 2)
        {
            var key = pairs[i].Kind == ImapValueKind.Atom ? pairs[i].Text!.ToUpperInvariant() : "";
            var value = pairs[i + 1];
            switch (key)
            {
                case "FLAGS" when value.Items is { } flags:
                    message.Flags = flags.Select(static f => f.AsString() ?? "").ToArray();
                    break;
                case "RFC822.SIZE" when value.TryGetNumber64(out var size):
                    message.Size = (long)size;
                    break;
                case "INTERNALDATE":
                    message.InternalDate = ParseInternalDate(value.AsString());
                    break;
                case "ENVELOPE" when value.Items is { } envelope:
                    message.Envelope = ParseEnvelope(envelope);
                    break;
                case "BODY[]" or "BODY[]<0>" or "RFC822" when value.Literal is { } body:
                    message.Body?.Dispose();
                    message.Body = body;
                    kept = true;
                    break;
                case "BODY[]" or "RFC822" when value.Kind == ImapValueKind.String:
                    message.Body = new ImapLiteral(Encoding.UTF8.GetBytes(value.Text!));
                    break;
                case "BODY[HEADER]" or "RFC822.HEADER" when value.Literal is { } header:
                    message.Headers?.Dispose();
                    message.Headers = header;
                    kept = true;
                    break;
                case "BODY[HEADER]" or "RFC822.HEADER" when value.Kind == ImapValueKind.String:
                    message.Headers = new ImapLiteral(Encoding.UTF8.GetBytes(value.Text!));
                    break;
                default:
                    value.DisposeLiterals();
                    break;
            }
        }

        return kept;
    }

    /// <summary>date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE (RFC 3501 section 9).</summary>
    internal static DateTimeOffset? ParseInternalDate(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || parts[2].Length != 5 || parts[2][0] is not ('+' or '-') ||
            !DateTime.TryParseExact(parts[0] + " " + parts[1], "d-MMM-yyyy HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) ||
            !int.TryParse(parts[2].AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hh) ||
            !int.TryParse(parts[2].AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var mm) || hh > 14 || mm > 59)
        {
            return null;
        }

        var offset = new TimeSpan(hh, mm, 0);
        return new DateTimeOffset(local, parts[2][0] == '-' ? -offset : offset);
    }

    internal static ImapEnvelope? ParseEnvelope(List<ImapValue> v)
    {
        if (v.Count < 10)
        {
            return null;
        }

        return new ImapEnvelope(
            v[0].AsString(), v[1].AsString(), Addresses(v[2]), Addresses(v[3]), Addresses(v[4]),
            Addresses(v[5]), Addresses(v[6]), Addresses(v[7]), v[8].AsString(), v[9].AsString());
    }

    private static ImapAddress[] Addresses(ImapValue value)
    {
        if (value.Items is not { } list)
        {
            return [];
        }

        var result = new List<ImapAddress>(list.Count);
        foreach (var item in list)
        {
            // (name adl mailbox host); a NIL host marks the start or end of a group (RFC 3501 section 7.4.2).
            if (item.Items is { Count: >= 4 } a && !a[3].IsNil)
            {
                result.Add(new ImapAddress(a[0].AsString(), a[2].AsString(), a[3].AsString()));
            }
        }

        return [.. result];
    }
}
