using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;

namespace ForecastWatch.Mailing.Auth;

/// <summary>
/// An access token and what may be shown about it. <see cref="ToString"/> never includes the token itself.
/// </summary>
internal sealed class OAuth2AccessToken
{
    public OAuth2AccessToken(
        string value, string userName, string issuer, DateTimeOffset? expiresOn, IReadOnlyList<string> scopes, DateTimeOffset acquiredAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        Value = value;
        UserName = userName;
        Issuer = issuer;
        ExpiresOn = expiresOn;
        Scopes = scopes;
        AcquiredAt = acquiredAt;
    }

    /// <summary>The bearer token: goes to the SASL mechanism and nowhere else.</summary>
    public string Value { get; }

    /// <summary>The mailbox the token signs in to (the SASL user).</summary>
    public string UserName { get; }

    /// <summary>Who issued the token: the <c>iss</c> claim of a JWT, else the authority or token URL.</summary>
    public string Issuer { get; }

    public DateTimeOffset? ExpiresOn { get; }

    /// <summary>Granted scopes or app roles (<c>roles</c>/<c>scp</c> of a JWT when present).</summary>
    public IReadOnlyList<string> Scopes { get; }

    public DateTimeOffset AcquiredAt { get; }

    /// <summary>Whether the token should be renewed at <paramref name="now"/>: within the margin of its expiry.</summary>
    public bool IsDueForRenewal(DateTimeOffset now, TimeSpan renewBefore)
    {
        if (ExpiresOn is not { } expires)
        {
            return false;
        }

        var lifetime = expires - AcquiredAt;
        var margin = lifetime > TimeSpan.Zero && lifetime / 2 < renewBefore ? lifetime / 2 : renewBefore;
        return now >= expires - margin;
    }

    public override string ToString() =>
        $"token for {UserName} from {Issuer}, expires {ExpiresOn?.ToString("u", CultureInfo.InvariantCulture) ?? "(unknown)"}, "
        + $"scopes {string.Join(' ', Scopes)}";

    /// <summary>
    /// Claims of a JWT access token (payload only, not verified: this is for showing, the server verifies):
    /// issuer, roles or scopes, audience. Opaque tokens give nulls.
    /// </summary>
    public static JwtClaims ReadJwtClaims(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return JwtClaims.None;
        }

        try
        {
            var payload = Base64Url.DecodeFromChars(parts[1]);
            using var doc = JsonDocument.Parse(payload);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return JwtClaims.None;
            }

            var issuer = root.TryGetProperty("iss", out var iss) && iss.ValueKind == JsonValueKind.String ? iss.GetString() : null;
            var audience = root.TryGetProperty("aud", out var aud) && aud.ValueKind == JsonValueKind.String ? aud.GetString() : null;
            List<string>? scopes = null;
            if (root.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array)
            {
                scopes = [.. roles.EnumerateArray()
                    .Where(static r => r.ValueKind == JsonValueKind.String)
                    .Select(static r => r.GetString()!)];
            }
            else if (root.TryGetProperty("scp", out var scp) && scp.ValueKind == JsonValueKind.String)
            {
                scopes = [.. scp.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
            }

            TimeSpan? lifetime = root.TryGetProperty("iat", out var iat) && iat.TryGetInt64(out var issuedAt)
                && root.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var expiresAt) && expiresAt > issuedAt
                    ? TimeSpan.FromSeconds(expiresAt - issuedAt)
                    : null;
            return new JwtClaims(issuer, scopes, audience, lifetime);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return JwtClaims.None;
        }
    }
}

/// <summary>What a JWT access token says about itself; nulls for an opaque token.</summary>
/// <param name="Lifetime"><c>exp - iat</c>: the token's validity, independent of the two machines' clocks.</param>
internal sealed record JwtClaims(string? Issuer, IReadOnlyList<string>? Scopes, string? Audience, TimeSpan? Lifetime)
{
    public static readonly JwtClaims None = new(null, null, null, null);
}

/// <summary>Gets access tokens from one provider (Microsoft, Google, or a static token).</summary>
internal interface IOAuth2TokenSource
{
    /// <summary>Short name for messages: microsoft, google, static.</summary>
    string Name { get; }

    /// <summary>
    /// Whether the source is asked on every login (it watches a file) instead of only when the cached token is due.
    /// </summary>
    bool AskEveryTime => false;

    /// <summary>Tokens are shared by SMTP and IMAP when the source gives the same key for both.</summary>
    string CacheKey(MailEndpointKind endpoint);

    /// <summary>
    /// A token for <paramref name="endpoint"/>; <paramref name="forceRefresh"/> bypasses any cache of the provider's
    /// library. A refusal by the provider throws <see cref="MailKit.Security.AuthenticationException"/> with the
    /// provider's error and the fix; an unreachable provider throws <see cref="OAuth2ProviderUnavailableException"/>.
    /// </summary>
    Task<OAuth2AccessToken> AcquireAsync(MailEndpointKind endpoint, bool forceRefresh, CancellationToken ct);

    /// <summary>What the server refusing a token the provider issued usually means, and the admin action.</summary>
    string ServerRefusalHint(MailEndpointKind endpoint);
}

/// <summary>
/// The token endpoint could not be reached or answered with a server error (5xx, 429, timeout): worth a retry later.
/// An <see cref="IOException"/> so that the mail retry policies treat it like a dropped connection.
/// </summary>
internal sealed class OAuth2ProviderUnavailableException : IOException
{
    public OAuth2ProviderUnavailableException(string message)
        : base(message)
    {
    }

    public OAuth2ProviderUnavailableException()
    {
    }

    public OAuth2ProviderUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
