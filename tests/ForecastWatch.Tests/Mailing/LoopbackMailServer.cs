using ForecastWatch.Mail.Imap;
using ForecastWatch.Mail.Net;
using ForecastWatch.Mailing;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ForecastWatch.Tests.Mailing;

/// <summary>The loopback Postfix + Dovecot of scripts/mail/start-mailserver.sh, as the tests use it.</summary>
internal static class LoopbackMailServer
{
    public const string Host = "127.0.0.1";

    public static string CertificateFile => Path.Combine(Support.MailServerFactAttribute.Root, "tls", "cert.pem");

    /// <summary>Submission on 2587: STARTTLS with the test CA, AUTH as desk (password from a file, as in production).</summary>
    public static MailServerConnector Submission(string workDirectory)
    {
        Directory.CreateDirectory(workDirectory);
        var passwordFile = Path.Combine(workDirectory, "smtp-password");
        File.WriteAllText(passwordFile, "desk-pass\n");
        return Connector(new MailEndpointOptions
        {
            Host = Host,
            Port = 2587,
            TlsMode = MailTlsMode.StartTls,
            UserName = "desk@example.test",
            PasswordFile = passwordFile,
            TrustedCaFile = CertificateFile,
            Timeout = TimeSpan.FromSeconds(20),
        });
    }

    /// <summary>Plain SMTP on the given port, no TLS, no AUTH (2525 accepts mail for example.test).</summary>
    public static MailServerConnector Plain(int port) => Connector(new MailEndpointOptions
    {
        Host = Host,
        Port = port,
        TlsMode = MailTlsMode.None,
        Timeout = TimeSpan.FromSeconds(20),
    });

    public static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// Messages in a user's INBOX whose subject contains <paramref name="marker"/> (mailboxes are shared between runs
    /// and test databases reuse prompt ids), parsed; waits up to 10 s for <paramref name="expected"/> of them.
    /// </summary>
    public static async Task<List<MimeMessage>> FetchAsync(string user, string marker, int expected)
    {
        var found = new List<MimeMessage>();
        for (var attempt = 0; attempt < 40; attempt++)
        {
            found.ForEach(m => m.Dispose());
            found.Clear();
            await using var client = new ImapClient(new ImapClientOptions { Tls = MailTlsOptions.TrustCertificateFile(CertificateFile), Timeout = TimeSpan.FromSeconds(20) });
            await client.ConnectAsync(Host, 1993, MailTlsMode.Implicit);
            await client.AuthenticateAsync(user + "@example.test", user + "-pass");
            await client.ExamineAsync("INBOX");
            var uids = await client.SearchAsync(ImapSearchQuery.All);
            if (uids.Count > 0)
            {
                foreach (var message in await client.FetchAsync(uids, ImapFetchItems.Envelope | ImapFetchItems.Body))
                {
                    using (message)
                    {
                        if (message.Body is { } body)
                        {
                            await using var stream = body.OpenRead();
                            var parsed = await MimeMessage.LoadAsync(stream);
                            if (parsed.Subject?.Contains(marker, StringComparison.Ordinal) == true)
                            {
                                found.Add(parsed);
                            }
                            else
                            {
                                parsed.Dispose();
                            }
                        }
                    }
                }
            }

            await client.DisconnectAsync();
            if (found.Count >= expected)
            {
                return found;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, CancellationToken.None);
        }

        return found;
    }

    private static MailServerConnector Connector(MailEndpointOptions smtp) =>
        new(Options.Create(new MailServerOptions { Smtp = smtp }), TimeProvider.System);
}
