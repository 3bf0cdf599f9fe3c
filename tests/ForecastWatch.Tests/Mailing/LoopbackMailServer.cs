using ForecastWatch.Mailing;
using ForecastWatch.Mailing.Auth;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ForecastWatch.Tests.Mailing;

/// <summary>The loopback Postfix + Dovecot of scripts/mail/start-mailserver.sh, as the tests use it.</summary>
internal static class LoopbackMailServer
{
    public const string Host = "127.0.0.1";

    public static string CertificateFile => Path.Combine(ForecastWatch.Tests.Support.MailServerFactAttribute.Root, "tls", "cert.pem");

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

    /// <summary>A MailKit IMAP client signed in as <paramref name="user"/> (1143 STARTTLS by default), trusting the test CA.</summary>
    public static async Task<ImapClient> ImapAsync(string user = "desk", int port = 1143, MailTlsMode tls = MailTlsMode.StartTls)
    {
        var client = new ImapClient();
        client.ServerCertificateValidationCallback = new MailCertificateCheck(new MailEndpointOptions { TrustedCaFile = CertificateFile },
            "test").Validate;
        await client.ConnectAsync(Host, port, tls switch
        {
            MailTlsMode.Implicit => SecureSocketOptions.SslOnConnect,
            MailTlsMode.StartTls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        });
        await client.AuthenticateAsync(user + "@example.test", user + "-pass");
        return client;
    }

    /// <summary>Creates a folder at the top of the personal namespace.</summary>
    public static async Task<IMailFolder> CreateFolderAsync(ImapClient client, string name) =>
        (await client.GetFolder(client.PersonalNamespaces[0]).CreateAsync(name, isMessageFolder: true))!;

    public static async Task<IMailFolder?> TryGetFolderAsync(ImapClient client, string fullName)
    {
        try
        {
            return await client.GetFolderAsync(fullName);
        }
        catch (FolderNotFoundException)
        {
            return null;
        }
    }

    public static async Task AppendAsync(ImapClient client, string folder, byte[] raw)
    {
        using var message = await MimeMessage.LoadAsync(new MemoryStream(raw));
        var target = string.Equals(folder, "INBOX", StringComparison.OrdinalIgnoreCase) ? client.Inbox
            : await client.GetFolderAsync(folder);
        await target.AppendAsync(message);
    }

    /// <summary>Deletes a folder if it exists (test clean-up).</summary>
    public static async Task DeleteFolderAsync(ImapClient client, string fullName)
    {
        if (await TryGetFolderAsync(client, fullName) is { } folder)
        {
            try
            {
                await folder.DeleteAsync();
            }
            catch (ImapCommandException)
            {
            }
        }
    }

    /// <summary>
    /// Messages in a user's INBOX whose subject contains <paramref name="marker"/> (mailboxes are shared between runs
    /// and test databases reuse prompt ids), parsed; waits up to 10 s for <paramref name="expected"/> of them.
    /// </summary>
    public static async Task<List<MimeMessage>> FetchAsync(string user, string marker, int expected)
    {
        var found = new List<MimeMessage>();
        foreach (var raw in await FetchRawAsync(user, marker, expected))
        {
            found.Add(await MimeMessage.LoadAsync(new MemoryStream(raw)));
        }

        return found;
    }

    /// <summary>The raw bytes (as the server stored them) of messages whose subject contains <paramref name="marker"/>.</summary>
    public static async Task<List<byte[]>> FetchRawAsync(string user, string marker, int expected)
    {
        var found = new List<byte[]>();
        for (var attempt = 0; attempt < 40; attempt++)
        {
            found.Clear();
            using var client = await ImapAsync(user, 1993, MailTlsMode.Implicit);
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
            var uids = await client.Inbox.SearchAsync(SearchQuery.SubjectContains(marker));
            foreach (var uid in uids)
            {
                await using var stream = await client.Inbox.GetStreamAsync(uid, string.Empty);
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy);
                found.Add(copy.ToArray());
            }

            await client.DisconnectAsync(true);
            if (found.Count >= expected)
            {
                return found;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, CancellationToken.None);
        }

        return found;
    }

    public static MailServerConnector Connector(MailEndpointOptions smtp, MailEndpointOptions? imap = null)
    {
        var options = Options.Create(new MailServerOptions { Smtp = smtp, Imap = imap ?? new MailEndpointOptions() });
        return new MailServerConnector(options, new PasswordMailAuthenticator(options));
    }
}
