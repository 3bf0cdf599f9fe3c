using System.Security.Cryptography.X509Certificates;
using System.Text;
using ForecastWatch.Mailing.Auth;
using ForecastWatch.Tests.Support;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ForecastWatch.Tests.Mailing.Auth;

/// <summary>
/// A fact on the OAuth2 instance of scripts/mail/start-mailserver.sh (scripts/test.sh starts it in
/// <c>FW_OAUTH2_MAIL_ROOT</c>); skipped only when <c>FW_SKIP_MAILSERVER=1</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class OAuth2MailServerFactAttribute : FactAttribute
{
    public OAuth2MailServerFactAttribute()
    {
        if (OAuth2MailServer.Skipped)
        {
            Skip = "FW_SKIP_MAILSERVER=1: the OAuth2 mail server tests need scripts/test.sh's Postfix + Dovecot (FW_OAUTH2_MAIL_ROOT).";
        }
    }
}

/// <summary>A theory on the OAuth2 instance; skipped like <see cref="OAuth2MailServerFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class OAuth2MailServerTheoryAttribute : TheoryAttribute
{
    public OAuth2MailServerTheoryAttribute()
    {
        if (OAuth2MailServer.Skipped)
        {
            Skip = "FW_SKIP_MAILSERVER=1: the OAuth2 mail server tests need scripts/test.sh's Postfix + Dovecot (FW_OAUTH2_MAIL_ROOT).";
        }
    }
}

/// <summary>Where the OAuth2 Postfix + Dovecot listen, and MailKit clients for them.</summary>
internal static class OAuth2MailServer
{
    public const string Host = "127.0.0.1";
    public const string Desk = "desk@example.test";
    public const string Editor = "editor@example.test";

    public static bool Skipped => Environment.GetEnvironmentVariable("FW_SKIP_MAILSERVER") == "1";

    public static string Root => Env("FW_OAUTH2_MAIL_ROOT", "/tmp/fw-oa");

    public static int TokenPort => int.Parse(Env("FW_OAUTH2_PORT", "3444"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Postfix's port without AUTH, for mail to example.test (what editors' replies come through).</summary>
    public static int SmtpPort => int.Parse(Env("FW_OAUTH2_SMTP_PORT", "3525"), System.Globalization.CultureInfo.InvariantCulture);

    public static int SubmissionPort => int.Parse(Env("FW_OAUTH2_SUBMISSION_PORT", "3587"),
        System.Globalization.CultureInfo.InvariantCulture);

    public static int ImapsPort => int.Parse(Env("FW_OAUTH2_IMAPS_PORT", "3993"), System.Globalization.CultureInfo.InvariantCulture);

    public static string CaFile => Path.Combine(Root, "oauth2", "ca.pem");

    public static async Task<SmtpClient> ConnectSmtpAsync(Stream protocolLog)
    {
        var client = new SmtpClient(new ProtocolLogger(protocolLog, leaveOpen: true)) { Timeout = 20_000 };
        client.ServerCertificateValidationCallback = TrustMailCertificate;
        await client.ConnectAsync(Host, SubmissionPort, SecureSocketOptions.StartTls);
        return client;
    }

    public static async Task<ImapClient> ConnectImapAsync(Stream protocolLog)
    {
        var client = new ImapClient(new ProtocolLogger(protocolLog, leaveOpen: true)) { Timeout = 20_000 };
        client.ServerCertificateValidationCallback = TrustMailCertificate;
        await client.ConnectAsync(Host, ImapsPort, SecureSocketOptions.SslOnConnect);
        return client;
    }

    public static MimeMessage Message(string subject)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(Desk));
        message.To.Add(MailboxAddress.Parse(Desk));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("forecastwatch.test");
        message.Body = new TextPart("plain") { Text = "OAuth2 test message." };
        return message;
    }

    /// <summary>Signs in to SMTP, sends one message to desk; signs in to IMAP and waits until it is in INBOX.</summary>
    public static async Task RoundTripAsync(IMailAuthenticator sut, Stream protocolLog, string subject)
    {
        using (var smtp = await ConnectSmtpAsync(protocolLog))
        {
            await sut.AuthenticateAsync(smtp, MailEndpointKind.Smtp, CancellationToken.None);
            await smtp.SendAsync(Message(subject));
            await smtp.DisconnectAsync(quit: true);
        }

        using var imap = await ConnectImapAsync(protocolLog);
        await sut.AuthenticateAsync(imap, MailEndpointKind.Imap, CancellationToken.None);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var found = await imap.Inbox.SearchAsync(MailKit.Search.SearchQuery.SubjectContains(subject));
            if (found.Count > 0)
            {
                await imap.DisconnectAsync(quit: true);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, CancellationToken.None);
            await imap.NoOpAsync();
        }

        throw new Xunit.Sdk.XunitException($"'{subject}' did not arrive in {Desk}'s INBOX");
    }

    private static bool TrustMailCertificate(object sender, X509Certificate? certificate, X509Chain? chain,
        System.Net.Security.SslPolicyErrors errors)
    {
        using var expected = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Root, "tls", "cert.pem"));
        return certificate is not null && certificate.GetCertHashString() == expected.GetCertHashString();
    }

    private static string Env(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;
}

/// <summary>Starts the token server once for the OAuth2 tests (nothing when the mail server tests are skipped).</summary>
public sealed class OAuth2ServerFixture : IAsyncLifetime
{
    private OAuth2TestServer? _server;

    public OAuth2TestServer Server => _server ?? throw new InvalidOperationException("token server not started");

    public async Task InitializeAsync()
    {
        if (!OAuth2MailServer.Skipped)
        {
            var dir = Path.Combine(OAuth2MailServer.Root, "oauth2");
            _server = await OAuth2TestServer.StartAsync(Path.Combine(dir, "server.pem"), Path.Combine(dir, "server.key"),
                OAuth2MailServer.TokenPort);
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class OAuth2ServerCollection : ICollectionFixture<OAuth2ServerFixture>
{
    public const string Name = "OAuth2 token server";
}

/// <summary>Every log line (message and exception) written through it, for checking that no secret is there.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly StringBuilder _text = new();

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?,
            string> formatter)
        {
            lock (owner._text)
            {
                owner._text.Append(logLevel).Append(' ').Append(category).Append(": ").AppendLine(formatter(state, exception));
                if (exception is not null)
                {
                    owner._text.AppendLine(exception.ToString());
                }

                if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var pair in pairs)
                    {
                        owner._text.Append("  ").Append(pair.Key).Append('=').AppendLine(pair.Value?.ToString());
                    }
                }
            }
        }
    }
}
