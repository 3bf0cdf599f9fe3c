using System.Globalization;

namespace ForecastWatch.Mail.Smtp;

/// <summary>The service extensions a server announced in its EHLO reply that this client knows about.</summary>
[Flags]
public enum SmtpExtensions
{
    /// <summary>None (also what a HELO-only server has).</summary>
    None = 0,

    /// <summary>RFC 3207.</summary>
    StartTls = 1 << 0,

    /// <summary>RFC 4954.</summary>
    Auth = 1 << 1,

    /// <summary>RFC 1870.</summary>
    Size = 1 << 2,

    /// <summary>RFC 6152.</summary>
    EightBitMime = 1 << 3,

    /// <summary>RFC 2920.</summary>
    Pipelining = 1 << 4,

    /// <summary>RFC 2034.</summary>
    EnhancedStatusCodes = 1 << 5,

    /// <summary>RFC 6531.</summary>
    SmtpUtf8 = 1 << 6,

    /// <summary>RFC 3030.</summary>
    Chunking = 1 << 7,

    /// <summary>RFC 3461.</summary>
    Dsn = 1 << 8,
}

/// <summary>What the server announced: known extensions as flags, plus the raw lines and the AUTH mechanisms.</summary>
public sealed class SmtpCapabilities
{
    /// <summary>A server that only answered HELO.</summary>
    public static SmtpCapabilities None { get; } = new(SmtpExtensions.None, [], new HashSet<string>(StringComparer.OrdinalIgnoreCase), null);

    private SmtpCapabilities(SmtpExtensions extensions, IReadOnlyList<string> raw, IReadOnlySet<string> authMechanisms, long? maxSize)
    {
        Extensions = extensions;
        Raw = raw;
        AuthMechanisms = authMechanisms;
        MaxSize = maxSize;
    }

    /// <summary>Known extensions.</summary>
    public SmtpExtensions Extensions { get; }

    /// <summary>Every EHLO keyword line as sent (after the greeting line).</summary>
    public IReadOnlyList<string> Raw { get; }

    /// <summary>SASL mechanisms from the AUTH line (upper case).</summary>
    public IReadOnlySet<string> AuthMechanisms { get; }

    /// <summary>The SIZE limit in octets, or <see langword="null"/> when none was announced or it is 0 (no limit).</summary>
    public long? MaxSize { get; }

    /// <summary>Whether an extension was announced.</summary>
    public bool Has(SmtpExtensions extension) => (Extensions & extension) == extension;

    internal static SmtpCapabilities Parse(SmtpReply ehlo)
    {
        var flags = SmtpExtensions.None;
        var mechanisms = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long? size = null;
        var raw = ehlo.Lines.Skip(1).ToArray();
        foreach (var line in raw)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            var keyword = parts[0].ToUpperInvariant();

            // Some old servers announce "AUTH=LOGIN PLAIN" instead of "AUTH LOGIN PLAIN".
            if (keyword.StartsWith("AUTH=", StringComparison.Ordinal))
            {
                flags |= SmtpExtensions.Auth;
                mechanisms.Add(keyword[5..]);
                foreach (var m in parts.Skip(1))
                {
                    mechanisms.Add(m.ToUpperInvariant());
                }

                continue;
            }

            switch (keyword)
            {
                case "STARTTLS": flags |= SmtpExtensions.StartTls; break;
                case "SIZE":
                    flags |= SmtpExtensions.Size;
                    if (parts.Length > 1 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
                    {
                        size = n;
                    }

                    break;
                case "8BITMIME": flags |= SmtpExtensions.EightBitMime; break;
                case "PIPELINING": flags |= SmtpExtensions.Pipelining; break;
                case "ENHANCEDSTATUSCODES": flags |= SmtpExtensions.EnhancedStatusCodes; break;
                case "SMTPUTF8": flags |= SmtpExtensions.SmtpUtf8; break;
                case "CHUNKING": flags |= SmtpExtensions.Chunking; break;
                case "DSN": flags |= SmtpExtensions.Dsn; break;
                case "AUTH":
                    flags |= SmtpExtensions.Auth;
                    foreach (var m in parts.Skip(1))
                    {
                        mechanisms.Add(m.ToUpperInvariant());
                    }

                    break;
                default: break;
            }
        }

        return new SmtpCapabilities(flags, raw, mechanisms, size);
    }
}
