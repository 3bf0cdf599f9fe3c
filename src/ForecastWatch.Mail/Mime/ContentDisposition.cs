using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ForecastWatch.Mail.Mime;

/// <summary>A Content-Disposition value (RFC 2183): "inline" or "attachment" plus parameters such as filename.</summary>
public sealed class ContentDisposition
{
    /// <summary>Creates a disposition ("attachment" or "inline").</summary>
    public ContentDisposition(string disposition, MimeParameterList? parameters = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(disposition);
        Disposition = disposition.ToLowerInvariant();
        Parameters = parameters ?? new MimeParameterList();
    }

    /// <summary>The disposition type, lower case.</summary>
    public string Disposition { get; }

    /// <summary>The parameters.</summary>
    public MimeParameterList Parameters { get; }

    /// <summary>The filename parameter (RFC 2231 decoded), or null.</summary>
    public string? FileName => Parameters["filename"];

    /// <summary>True when the disposition is "attachment".</summary>
    public bool IsAttachment => Disposition == "attachment";

    /// <summary>Parses strictly; throws <see cref="MimeParseException"/>.</summary>
    public static ContentDisposition Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Parse(Encoding.UTF8.GetBytes(value), throwOnError: true, out _)!;
    }

    /// <summary>Parses strictly; false on malformation.</summary>
    public static bool TryParse(string value, [NotNullWhen(true)] out ContentDisposition? disposition)
    {
        disposition = null;
        if (value is null)
        {
            return false;
        }

        var parsed = Parse(Encoding.UTF8.GetBytes(value), throwOnError: false, out var malformed);
        disposition = malformed ? null : parsed;
        return disposition is not null;
    }

    internal static ContentDisposition? Parse(ReadOnlySpan<byte> s, bool throwOnError, out bool malformed)
    {
        malformed = false;
        var i = 0;
        ParseUtils.SkipCfws(s, ref i);
        if (!ParseUtils.TryReadToken(s, ref i, out var token))
        {
            if (throwOnError)
            {
                throw new MimeParseException("Content-Disposition: expected a disposition type", i);
            }

            malformed = true;
            token = "attachment"u8;
            if (i < s.Length && s[i] != (byte)';')
            {
                return null;
            }
        }

        var parameters = MimeParameterList.Parse(s, ref i, out var clean);
        if (!clean)
        {
            if (throwOnError)
            {
                throw new MimeParseException("Content-Disposition: malformed parameter", i);
            }

            malformed = true;
        }

        return new ContentDisposition(ParseUtils.LowerToken(token), parameters);
    }

    /// <summary>The header value.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Disposition);
        Parameters.AppendTo(sb);
        return sb.ToString();
    }
}
