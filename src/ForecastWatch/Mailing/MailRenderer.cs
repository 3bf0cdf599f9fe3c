using System.Globalization;
using System.Text;

namespace ForecastWatch.Mailing;

/// <summary>Writes a <see cref="ComposedMail"/> as RFC 5322 bytes.</summary>
public interface IMailRenderer
{
    byte[] Render(ComposedMail mail);
}

/// <summary>
/// Renders multipart/alternative (RFC 2046 section 5.1.4: plain text first, HTML last, the preferred part last) with
/// UTF-8 bodies in base64 and RFC 2047 encoded-words for non-ASCII header text.
/// </summary>
internal sealed class MailRenderer : IMailRenderer
{
    public byte[] Render(ComposedMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var sb = new StringBuilder(4096);
        Header(sb, "Date", mail.Date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + mail.Date.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal));
        Header(sb, "From", Address(mail.From));
        Header(sb, "To", string.Join(", ", mail.To.Select(Address)));
        if (mail.ReplyTo is { } replyTo)
        {
            Header(sb, "Reply-To", Address(replyTo));
        }

        Header(sb, "Subject", EncodeText(mail.Subject));
        Header(sb, "Message-ID", $"<{mail.MessageId}>");
        if (mail.InReplyTo is { } inReplyTo)
        {
            Header(sb, "In-Reply-To", $"<{inReplyTo}>");
        }

        if (mail.References.Count > 0)
        {
            Header(sb, "References", string.Join("\r\n ", mail.References.Select(static r => $"<{r}>")));
        }

        foreach (var (name, value) in mail.Headers)
        {
            Header(sb, name, EncodeText(value));
        }

        Header(sb, "MIME-Version", "1.0");
        if (mail.HtmlBody is null)
        {
            Header(sb, "Content-Type", "text/plain; charset=utf-8");
            Header(sb, "Content-Transfer-Encoding", "base64");
            sb.Append("\r\n");
            Base64Body(sb, mail.TextBody);
        }
        else
        {
            var boundary = "=_fw_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(mail.MessageId)))[..24];
            Header(sb, "Content-Type", $"multipart/alternative; boundary=\"{boundary}\"");
            sb.Append("\r\n");
            Part(sb, boundary, "text/plain; charset=utf-8", mail.TextBody);
            Part(sb, boundary, "text/html; charset=utf-8", mail.HtmlBody);
            sb.Append("--").Append(boundary).Append("--\r\n");
        }

        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    private static void Part(StringBuilder sb, string boundary, string contentType, string body)
    {
        sb.Append("--").Append(boundary).Append("\r\n");
        Header(sb, "Content-Type", contentType);
        Header(sb, "Content-Transfer-Encoding", "base64");
        sb.Append("\r\n");
        Base64Body(sb, body);
    }

    private static void Header(StringBuilder sb, string name, string value) => sb.Append(name).Append(": ").Append(value).Append("\r\n");

    private static void Base64Body(StringBuilder sb, string text)
    {
        var b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n")));
        for (var i = 0; i < b64.Length; i += 76)
        {
            sb.Append(b64.AsSpan(i, Math.Min(76, b64.Length - i))).Append("\r\n");
        }
    }

    private static string Address(string value)
    {
        var addr = MailAddressText.Extract(value) ?? value.Trim();
        var name = MailAddressText.DisplayName(value);
        if (name is null)
        {
            return addr;
        }

        var display = IsAscii(name) ? "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : EncodeText(name);
        return $"{display} <{addr}>";
    }

    /// <summary>
    /// Header text: ASCII words stay readable (so "[FW-id]" survives in the raw subject), and each run of non-ASCII
    /// words becomes RFC 2047 B-encoded words of at most 45 UTF-8 bytes (75 characters, section 2); the run keeps
    /// its inner spaces because whitespace between adjacent encoded words is ignored (section 6.2). Lines are
    /// folded at spaces before 78 characters (RFC 5322 section 2.1.1).
    /// </summary>
    internal static string EncodeText(string text)
    {
        var words = text.ReplaceLineEndings(" ").Split(' ');
        var tokens = new List<string>();
        for (var i = 0; i < words.Length; i++)
        {
            if (IsAscii(words[i]) && words[i].Length <= 70)
            {
                tokens.Add(words[i]);
                continue;
            }

            var run = new StringBuilder(words[i]);
            while (i + 1 < words.Length && !(IsAscii(words[i + 1]) && words[i + 1].Length <= 70))
            {
                run.Append(' ').Append(words[++i]);
            }

            tokens.AddRange(EncodedWords(run.ToString()));
        }

        var sb = new StringBuilder();
        var lineLength = 10;
        foreach (var token in tokens)
        {
            if (sb.Length > 0)
            {
                if (lineLength + 1 + token.Length > 76)
                {
                    sb.Append("\r\n");
                    lineLength = 0;
                }

                sb.Append(' ');
                lineLength++;
            }

            sb.Append(token);
            lineLength += token.Length;
        }

        return sb.ToString();
    }

    private static List<string> EncodedWords(string text)
    {
        var words = new List<string>();
        var chunk = new StringBuilder();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var element = (string)enumerator.Current;
            if (Encoding.UTF8.GetByteCount(chunk.ToString() + element) > 45)
            {
                words.Add(Word(chunk.ToString()));
                chunk.Clear();
            }

            chunk.Append(element);
        }

        if (chunk.Length > 0)
        {
            words.Add(Word(chunk.ToString()));
        }

        return words;

        static string Word(string s) => "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(s)) + "?=";
    }

    private static bool IsAscii(string s) => s.All(static c => c is >= ' ' and <= '~');
}
