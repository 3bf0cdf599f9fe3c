using MailKit;

namespace ForecastWatch.Mailing.Auth;

/// <summary>Which configured server a client is talking to (<c>Mail:Smtp</c> or <c>Mail:Imap</c>).</summary>
internal enum MailEndpointKind
{
    /// <summary>The SMTP submission server (<c>Mail:Smtp</c>).</summary>
    Smtp,

    /// <summary>The desk mailbox's IMAP server (<c>Mail:Imap</c>).</summary>
    Imap,
}

/// <summary>
/// Signs a connected MailKit client in to its server with the credential the configured provider gives
/// (<c>Mail:Auth:Provider</c>: a password, a static OAuth2 token, or a token acquired and renewed from Microsoft
/// Entra ID or Google). Shared by SMTP and IMAP so that every connection authenticates the same way.
/// </summary>
internal interface IMailAuthenticator
{
    /// <summary>
    /// Authenticates <paramref name="client"/>, which is connected (and past STARTTLS) but not yet authenticated.
    /// Does nothing when no credential is configured for the endpoint. An authentication failure surfaces as
    /// MailKit's <see cref="Security.AuthenticationException"/> with a message that names the setting to fix,
    /// and never contains a secret or a token.
    /// </summary>
    Task AuthenticateAsync(IMailService client, MailEndpointKind endpoint, CancellationToken ct);
}
