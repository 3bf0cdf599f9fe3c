using System.Text;

namespace ForecastWatch.Domain.Digest;

/// <summary>Encoding for data placed in XHTML text and attribute values.</summary>
public static class Xhtml
{
    /// <summary>
    /// Escapes markup characters and replaces characters XML 1.0 forbids (§2.2: C0 controls other than tab/LF/CR,
    /// lone surrogates, U+FFFE/U+FFFF) with U+FFFD, so no data can make the document ill-formed.
    /// </summary>
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&':
                    sb.Append("&amp;");
                    break;
                case '<':
                    sb.Append("&lt;");
                    break;
                case '>':
                    sb.Append("&gt;");
                    break;
                case '"':
                    sb.Append("&quot;");
                    break;
                case '\'':
                    sb.Append("&#39;");
                    break;
                case '\t' or '\n' or '\r':
                    sb.Append(c);
                    break;
                case < ' ' or '\uFFFE' or '\uFFFF':
                    sb.Append('\uFFFD');
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        sb.Append('\uFFFD');
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>True for absolute http(s) URLs, the only ones rendered as links (no javascript:, data:, mailto: from data).</summary>
    public static bool IsSafeLink(string token, out Uri? uri) =>
        Uri.TryCreate(token, UriKind.Absolute, out uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
