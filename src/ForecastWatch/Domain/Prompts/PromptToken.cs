using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ForecastWatch.Domain.Prompts;

/// <summary>
/// The per-prompt token in the Reply-To address <c>desk+&lt;token&gt;@domain</c>: <c>p&lt;promptId&gt;.&lt;mac&gt;</c>, where
/// mac is HMAC-SHA256 over (prompt id, recipient) with the secret key, truncated to 100 bits and written in
/// lower-case base32 (RFC 4648 section 6 alphabet, lower-cased because some mail systems fold local parts).
/// </summary>
/// <remarks>
/// The token binds a prompt to the one recipient it was sent to; expiry (the prediction is resolved) is state,
/// not part of the token, and is checked by whoever looks the prompt up.
/// </remarks>
public sealed class PromptToken
{
    private const int MacChars = 20;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private static readonly byte[] Purpose = "forecastwatch/prompt-token/v1"u8.ToArray();
    private readonly byte[] _key;

    public PromptToken(ReadOnlySpan<byte> key)
    {
        if (key.Length < 16)
        {
            throw new DomainException("The prompt token secret must be at least 16 bytes.");
        }

        _key = key.ToArray();
    }

    public static PromptToken FromSecret(string secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        return new PromptToken(Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>Per-message return paths (VERP) keyed by the same secret, for their own purpose.</summary>
    public Replies.ReturnPath ReturnPaths() => new(_key);

    public string Create(long promptId, string recipient)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(promptId);
        ArgumentNullException.ThrowIfNull(recipient);
        return string.Create(CultureInfo.InvariantCulture, $"p{promptId}.{Mac(promptId, recipient)}");
    }

    /// <summary>Reads the prompt id out of a token without checking it (to look up the recipient it was issued to).</summary>
    public static bool TryReadPromptId([NotNullWhen(true)] string? token, out long promptId)
    {
        promptId = 0;
        if (string.IsNullOrEmpty(token) || token.Length < 4 || (token[0] is not ('p' or 'P')))
        {
            return false;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        return dot > 1
               && token.Length - dot - 1 == MacChars
               && long.TryParse(token.AsSpan(1, dot - 1), NumberStyles.None, CultureInfo.InvariantCulture, out promptId)
               && promptId > 0;
    }

    /// <summary>True if the token was issued by this key for this prompt and recipient. Constant-time on the MAC.</summary>
    public bool Verify(string? token, long promptId, string recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        if (!TryReadPromptId(token, out var id) || id != promptId)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Mac(promptId, recipient));
        var given = Encoding.ASCII.GetBytes(token[(token.IndexOf('.', StringComparison.Ordinal) + 1)..].ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>Extracts a token from an address such as <c>desk+p12.abc…@example.test</c>, if it has one.</summary>
    public static bool TryExtract([NotNullWhen(true)] string? address, [NotNullWhen(true)] out string? token)
    {
        token = null;
        if (string.IsNullOrEmpty(address))
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        var local = at < 0 ? address : address[..at];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        if (plus < 0)
        {
            return false;
        }

        var candidate = local[(plus + 1)..].Trim('<', '>', ' ', '"');
        if (!TryReadPromptId(candidate, out _))
        {
            return false;
        }

        token = candidate.ToLowerInvariant();
        return true;
    }

    private string Mac(long promptId, string recipient)
    {
        var normalized = PromptRouting.Normalize(recipient);
        var message = new List<byte>(Purpose.Length + 32 + normalized.Length);
        message.AddRange(Purpose);
        message.Add(0);
        message.AddRange(Encoding.ASCII.GetBytes(promptId.ToString(CultureInfo.InvariantCulture)));
        message.Add(0);
        message.AddRange(Encoding.UTF8.GetBytes(normalized));
        var hash = HMACSHA256.HashData(_key, message.ToArray());
        return Base32(hash, MacChars);
    }

    private static string Base32(ReadOnlySpan<byte> data, int chars)
    {
        var sb = new StringBuilder(chars);
        int buffer = 0, bits = 0, i = 0;
        while (sb.Length < chars)
        {
            if (bits < 5)
            {
                buffer = (buffer << 8) | data[i++];
                bits += 8;
            }

            bits -= 5;
            sb.Append(Alphabet[(buffer >> bits) & 31]);
        }

        return sb.ToString();
    }
}
