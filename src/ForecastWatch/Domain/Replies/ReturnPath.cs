using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ForecastWatch.Domain.Replies;

/// <summary>
/// Per-message return paths (VERP): <c>desk+b&lt;outbox id&gt;.&lt;mac&gt;@domain</c> as the SMTP MAIL FROM of each
/// outgoing message, so a bounce, whatever its format (RFC 3464 with or without a Reporting-MTA block, or an old MTA's
/// plain text), is tied to its outbox row by the address it comes back to. The MAC (HMAC-SHA256 with the prompt-token
/// key, its own purpose string) keeps anyone else from marking our rows bounced.
/// </summary>
public sealed class ReturnPath
{
    private const int MacChars = 16;
    private static readonly byte[] Purpose = "forecastwatch/return-path/v1\0"u8.ToArray();
    private readonly byte[] _key;

    public ReturnPath(ReadOnlySpan<byte> key)
    {
        if (key.Length < 16)
        {
            throw new DomainException("The return-path key must be at least 16 bytes.");
        }

        _key = key.ToArray();
    }

    /// <summary>The return path of outbox row <paramref name="outboxId"/> for the desk address <c>local@domain</c>.</summary>
    public string Create(string deskAddress, long outboxId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deskAddress);
        var at = deskAddress.LastIndexOf('@');
        if (at <= 0 || outboxId <= 0)
        {
            throw new DomainException($"Cannot build a return path from '{deskAddress}' and id {outboxId}.");
        }

        var local = deskAddress[..at];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            local = local[..plus];
        }

        return string.Create(CultureInfo.InvariantCulture, $"{local}+b{outboxId}.{Mac(outboxId)}{deskAddress[at..]}");
    }

    /// <summary>The outbox id of a return path we issued for this desk; false for any other address or a wrong MAC.</summary>
    public bool TryRead(string? address, string deskAddress, out long outboxId)
    {
        outboxId = 0;
        var text = address?.Trim().Trim('<', '>');
        var deskAt = deskAddress.LastIndexOf('@');
        var at = text?.LastIndexOf('@') ?? -1;
        if (text is null || at <= 0 || deskAt <= 0
            || !string.Equals(text[at..], deskAddress[deskAt..], StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var prefix = deskAddress[..deskAt] + "+b";
        var local = text[..at];
        if (!local.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = local[prefix.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Mac(id));
        var given = Encoding.ASCII.GetBytes(rest[(dot + 1)..].ToLowerInvariant());
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return false;
        }

        outboxId = id;
        return true;
    }

    private string Mac(long outboxId)
    {
        var message = new byte[Purpose.Length + 8];
        Purpose.CopyTo(message, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(message.AsSpan(Purpose.Length), outboxId);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, message))[..MacChars];
    }
}
