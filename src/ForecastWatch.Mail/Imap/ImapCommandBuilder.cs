using System.Globalization;
using System.Text;

namespace ForecastWatch.Mail.Imap;

/// <summary>
/// Builds one command as text pieces and literals (RFC 3501 section 4.3). Strings become quoted strings when they
/// can (7-bit, no CR/LF, short), otherwise literals. Secrets are replaced in the log copy.
/// </summary>
internal sealed class ImapCommandBuilder
{
    private readonly List<Part> parts = [];
    private readonly StringBuilder text = new();
    private readonly StringBuilder log = new();

    public ImapCommandBuilder(string name)
    {
        Name = name;
        Append(name);
    }

    /// <summary>The command name for errors (e.g. "UID FETCH").</summary>
    public string Name { get; }

    internal IReadOnlyList<Part> Parts
    {
        get
        {
            FlushText();
            return parts;
        }
    }

    public ImapCommandBuilder Append(string raw)
    {
        text.Append(raw);
        log.Append(raw);
        return this;
    }

    public ImapCommandBuilder Space() => Append(" ");

    /// <summary>A bare atom (SASL base64) that is replaced in the log.</summary>
    public ImapCommandBuilder Secret(string atom)
    {
        text.Append(atom);
        log.Append("********");
        return this;
    }

    public ImapCommandBuilder Number(ulong value) => Append(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>An astring/string argument: quoted when possible, else a literal.</summary>
    public ImapCommandBuilder String(string value, bool secret = false)
    {
        if (CanQuote(value))
        {
            var quoted = Quote(value);
            text.Append(quoted);
            log.Append(secret ? "\"********\"" : quoted);
            return this;
        }

        return Literal(Encoding.UTF8.GetBytes(value), secret);
    }

    public ImapCommandBuilder Literal(byte[] data, bool secret = false)
    {
        FlushText();
        parts.Add(new Part(null, data, null, 0, secret ? "********" : null));
        return this;
    }

    public ImapCommandBuilder Literal(Stream data, long length)
    {
        FlushText();
        parts.Add(new Part(null, null, data, length, $"[{length} octets]"));
        return this;
    }

    public static bool CanQuote(string value)
    {
        if (value.Length > 1000)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is '\r' or '\n' or '\0' || c > 0x7E)
            {
                return false;
            }
        }

        return true;
    }

    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.Append('"').ToString();
    }

    private void FlushText()
    {
        if (text.Length > 0)
        {
            parts.Add(new Part(text.ToString(), null, null, 0, log.ToString()));
            text.Clear();
            log.Clear();
        }
    }

    /// <summary>Either text (<see cref="Text"/>) or a literal (<see cref="Bytes"/> or <see cref="Stream"/>).</summary>
    internal sealed record Part(string? Text, byte[]? Bytes, Stream? Stream, long StreamLength, string? LogText)
    {
        public long LiteralLength => Bytes?.Length ?? StreamLength;
    }
}
