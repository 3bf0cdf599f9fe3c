using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ForecastWatch.Mail.Mime;

/// <summary>A Content-Type value (RFC 2045 section 5): media type, subtype and parameters.</summary>
public sealed class ContentType
{
    internal static readonly ContentType TextPlainDefault = new("text", "plain");
    internal static readonly ContentType MessageRfc822Default = new("message", "rfc822");

    private string? _mimeType;

    /// <summary>Creates a content type such as ("text", "plain"), lower-cased.</summary>
    public ContentType(string mediaType, string mediaSubtype, MimeParameterList? parameters = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaType);
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaSubtype);
        MediaType = mediaType.ToLowerInvariant();
        MediaSubtype = mediaSubtype.ToLowerInvariant();
        Parameters = parameters ?? new MimeParameterList();
    }

    /// <summary>The top-level type, lower case ("text", "multipart", ...).</summary>
    public string MediaType { get; }

    /// <summary>The subtype, lower case ("plain", "mixed", ...).</summary>
    public string MediaSubtype { get; }

    /// <summary>"type/subtype".</summary>
    public string MimeType => _mimeType ??= MediaType + "/" + MediaSubtype;

    /// <summary>The parameters.</summary>
    public MimeParameterList Parameters { get; }

    /// <summary>The charset parameter, or null.</summary>
    public string? Charset => Parameters["charset"];

    /// <summary>The boundary parameter, or null.</summary>
    public string? Boundary => Parameters["boundary"];

    /// <summary>The (obsolete but common) name parameter, or null.</summary>
    public string? Name => Parameters["name"];

    /// <summary>True for multipart/*.</summary>
    public bool IsMultipart => MediaType == "multipart";

    /// <summary>Compares type and subtype ASCII case-insensitively; "*" matches any subtype.</summary>
    public bool IsMimeType(string mediaType, string mediaSubtype) =>
        MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase)
        && (mediaSubtype == "*" || MediaSubtype.Equals(mediaSubtype, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses strictly: throws <see cref="MimeParseException"/> on any malformation.</summary>
    public static ContentType Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Parse(Encoding.UTF8.GetBytes(value), throwOnError: true, out _)!;
    }

    /// <summary>Parses strictly; false on any malformation.</summary>
    public static bool TryParse(string value, [NotNullWhen(true)] out ContentType? contentType)
    {
        contentType = null;
        if (value is null)
        {
            return false;
        }

        var parsed = Parse(Encoding.UTF8.GetBytes(value), throwOnError: false, out var malformed);
        contentType = malformed ? null : parsed;
        return contentType is not null;
    }

    /// <summary>Lenient when <paramref name="throwOnError"/> is false: returns what it read (or null) and sets <paramref name="malformed"/>.</summary>
    internal static ContentType? Parse(ReadOnlySpan<byte> s, bool throwOnError, out bool malformed)
    {
        malformed = false;
        var i = 0;
        ParseUtils.SkipCfws(s, ref i);
        if (!ParseUtils.TryReadToken(s, ref i, out var type))
        {
            return Fail(throwOnError, "Content-Type: expected a media type", i, out malformed);
        }

        ParseUtils.SkipCfws(s, ref i);
        ReadOnlySpan<byte> subtype;
        if (i < s.Length && s[i] == (byte)'/')
        {
            i++;
            ParseUtils.SkipCfws(s, ref i);
            if (!ParseUtils.TryReadToken(s, ref i, out subtype))
            {
                if (throwOnError)
                {
                    throw new MimeParseException("Content-Type: expected a subtype after '/'", i);
                }

                malformed = true;
            }
        }
        else
        {
            if (throwOnError)
            {
                throw new MimeParseException("Content-Type: expected '/'", i);
            }

            malformed = true;
            subtype = default;
        }

        var mediaType = ParseUtils.LowerToken(type);
        var mediaSubtype = subtype.IsEmpty ? DefaultSubtype(mediaType) : ParseUtils.LowerToken(subtype);
        ParseUtils.SkipCfws(s, ref i);
        if (i < s.Length && s[i] != (byte)';')
        {
            if (throwOnError)
            {
                throw new MimeParseException("Content-Type: expected ';' before parameters", i);
            }

            malformed = true;
        }

        var parameters = MimeParameterList.Parse(s, ref i, out var clean);
        if (!clean)
        {
            if (throwOnError)
            {
                throw new MimeParseException("Content-Type: malformed parameter", i);
            }

            malformed = true;
        }

        return new ContentType(mediaType, mediaSubtype, parameters, trusted: true);
    }

    private ContentType(string mediaType, string mediaSubtype, MimeParameterList parameters, bool trusted)
    {
        _ = trusted;
        MediaType = mediaType;
        MediaSubtype = mediaSubtype;
        Parameters = parameters;
    }

    private static string DefaultSubtype(string type) => type switch
    {
        "text" => "plain",
        "multipart" => "mixed",
        "message" => "rfc822",
        _ => "octet-stream",
    };

    private static ContentType? Fail(bool throwOnError, string message, int index, out bool malformed)
    {
        if (throwOnError)
        {
            throw new MimeParseException(message, index);
        }

        malformed = true;
        return null;
    }

    /// <summary>The header value: "type/subtype; param=value ...".</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(MimeType);
        Parameters.AppendTo(sb);
        return sb.ToString();
    }
}
