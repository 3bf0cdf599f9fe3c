using System.Text;
using ForecastWatch.Mail.Imap;
using ForecastWatch.Mail.Net;
using ForecastWatch.Mail.Smtp;
using ForecastWatch.Mail.Tests.Net;

namespace ForecastWatch.Mail.Tests.Imap;

/// <summary>Against the loopback Postfix + Dovecot (scripts/mail/start-mailserver.sh).</summary>
public sealed class ImapClientServerTests
{
    private static readonly TimeSpan DeliveryWait = TimeSpan.FromSeconds(10);

    private static async Task<ImapClient> ConnectAsync(MailTlsMode mode, string user = TestMailServer.Editor, string password = TestMailServer.EditorPassword)
    {
        var client = new ImapClient(new ImapClientOptions { Tls = TestMailServer.Tls, AllowInsecureAuthentication = mode == MailTlsMode.None });
        var port = mode == MailTlsMode.Implicit ? TestMailServer.ImapsPort : TestMailServer.ImapPort;
        await client.ConnectAsync(TestMailServer.Host, port, mode);
        await client.AuthenticateAsync(user, password);
        return client;
    }

    private static async Task SendAsync(int port, string to, string subject, string body = "Hello from the test suite.\r\n")
    {
        await using var smtp = new SmtpClient(new SmtpClientOptions { Tls = TestMailServer.Tls });
        await smtp.ConnectAsync(TestMailServer.Host, port, port == TestMailServer.SmtpSubmissionPort ? MailTlsMode.StartTls : MailTlsMode.None);
        if (port == TestMailServer.SmtpSubmissionPort)
        {
            await smtp.AuthenticateAsync(TestMailServer.Desk, TestMailServer.DeskPassword);
        }

        await smtp.SendAsync(TestMailServer.Desk, [to], TestMailServer.Message(TestMailServer.Desk, to, subject, body));
        await smtp.DisconnectAsync();
    }

    /// <summary>Polls with NOOP until a message with the subject is in the selected mailbox (delivery takes ~10-90 ms).</summary>
    private static async Task<uint> WaitForSubjectAsync(ImapClient client, string subject)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(DeliveryWait.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            var uids = await client.SearchAsync(ImapSearchQuery.SubjectContains(subject));
            if (uids.Count > 0)
            {
                return Assert.Single(uids);
            }

            Assert.True(TimeProvider.System.GetTimestamp() < deadline, $"'{subject}' was not delivered within {DeliveryWait}.");
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, CancellationToken.None);
            await client.NoOpAsync();
        }
    }

    [MailServerFact]
    public async Task Fetch_SentOnPlainSmtp_ReadBackOverStartTls()
    {
        var subject = TestMailServer.UniqueId("imap-starttls");
        await SendAsync(TestMailServer.SmtpPlainPort, TestMailServer.Editor, subject);
        await using var sut = await ConnectAsync(MailTlsMode.StartTls);
        var inbox = await sut.SelectAsync("INBOX");

        var uid = await WaitForSubjectAsync(sut, subject);
        var message = Assert.Single(await sut.FetchAsync([uid], ImapFetchItems.Summary | ImapFetchItems.Body));

        Assert.True(sut.IsSecure);
        Assert.True(inbox.UidValidity > 0);
        Assert.Equal(subject, message.Envelope!.Subject);
        Assert.Equal(TestMailServer.Desk, message.Envelope.From[0].Address);
        Assert.Contains(subject, message.Body!.GetString(), StringComparison.Ordinal);
        Assert.Equal(message.Size, message.Body.Length);
        Assert.False(message.HasFlag("\\Seen"));
        Assert.NotNull(message.InternalDate);
        await sut.DisconnectAsync();
    }

    [MailServerFact]
    public async Task Fetch_SentOnSubmissionWithAuth_ReadBackOverImplicitTls()
    {
        var subject = TestMailServer.UniqueId("imap-implicit");
        await SendAsync(TestMailServer.SmtpSubmissionPort, "editor+fw-9.x@example.test", subject);
        await using var sut = await ConnectAsync(MailTlsMode.Implicit);
        await sut.ExamineAsync("INBOX");

        var uid = await WaitForSubjectAsync(sut, subject);
        var message = Assert.Single(await sut.FetchAsync([uid], ImapFetchItems.Body | ImapFetchItems.Flags));

        Assert.True(sut.IsSecure);
        Assert.Contains("Delivered-To: editor+fw-9.x@example.test", message.Body!.GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(message.HasFlag("\\Seen"));
    }

    [MailServerFact]
    public async Task Fetch_PlainImap_ReadsBackAndStoresFlags()
    {
        var subject = TestMailServer.UniqueId("imap-plain");
        await SendAsync(TestMailServer.SmtpPlainPort, TestMailServer.Editor, subject);
        await using var sut = await ConnectAsync(MailTlsMode.None);
        await sut.SelectAsync("INBOX");
        var uid = await WaitForSubjectAsync(sut, subject);

        await sut.StoreFlagsAsync([uid], ImapStoreMode.Add, ["\\Seen", "$FwProcessed"]);
        var message = Assert.Single(await sut.FetchAsync([uid], ImapFetchItems.Flags));
        var processed = await sut.SearchAsync(ImapSearchQuery.And(ImapSearchQuery.Keyword("$FwProcessed"), ImapSearchQuery.SubjectContains(subject)));

        Assert.False(sut.IsSecure);
        Assert.True(message.HasFlag("\\Seen"));
        Assert.True(message.HasFlag("$FwProcessed"));
        Assert.Equal([uid], processed);
    }

    [MailServerFact]
    public async Task IdleAsync_NewMailArrives_Wakes()
    {
        var subject = TestMailServer.UniqueId("imap-idle");
        await using var sut = await ConnectAsync(MailTlsMode.StartTls, TestMailServer.Desk, TestMailServer.DeskPassword);
        await sut.SelectAsync("INBOX");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var idle = sut.IdleAsync(cts.Token);
        await SendAsync(TestMailServer.SmtpPlainPort, "desk+fw-idle@example.test", subject);
        var result = await idle;

        Assert.True(result.NewMessages);
        Assert.Equal(sut.SelectedMailbox!.Count, result.Count);
        Assert.True(await sut.SearchAsync(ImapSearchQuery.SubjectContains(subject)) is [_]);
    }

    [MailServerFact]
    public async Task IdleAsync_Cancelled_LeavesConnectionUsable()
    {
        await using var sut = await ConnectAsync(MailTlsMode.Implicit);
        await sut.SelectAsync("INBOX");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.IdleAsync(cts.Token));
        await sut.NoOpAsync();

        Assert.True(sut.IsConnected);
    }

    [MailServerFact]
    public async Task MoveAsync_BetweenFolders_MovesAndReportsNewUid()
    {
        var id = TestMailServer.UniqueId("fw-move");
        var source = id + "-src";
        var destination = id + "-dst été";
        await using var sut = await ConnectAsync(MailTlsMode.StartTls);
        await sut.CreateFolderAsync(source);
        await sut.CreateFolderAsync(destination);
        try
        {
            var appended = await sut.AppendAsync(source, TestMailServer.Message(TestMailServer.Desk, TestMailServer.Editor, id));
            await sut.SelectAsync(source);

            var moved = await sut.MoveAsync([appended!.Value], destination);
            var left = await sut.SearchAsync(ImapSearchQuery.All);
            var dest = await sut.SelectAsync(destination);
            var there = await sut.SearchAsync(ImapSearchQuery.SubjectContains(id));
            var folders = await sut.ListAsync(id + "*");

            Assert.Empty(left);
            Assert.Equal(dest.UidValidity, moved!.UidValidity);
            Assert.Equal([moved.Map[appended.Value]], there);
            Assert.Contains(folders, f => f.Name == destination && f.EncodedName != destination);
        }
        finally
        {
            await sut.SelectAsync("INBOX");
            await sut.DeleteFolderAsync(source);
            await sut.DeleteFolderAsync(destination);
        }
    }

    [MailServerFact]
    public async Task SelectAsync_Uidvalidity_StableAcrossSessionsAndChangesWhenRecreated()
    {
        var folder = TestMailServer.UniqueId("fw-uidvalidity");
        uint validity;
        uint uid;
        await using (var first = await ConnectAsync(MailTlsMode.StartTls))
        {
            await first.CreateFolderAsync(folder);
            uid = (await first.AppendAsync(folder, TestMailServer.Message(TestMailServer.Desk, TestMailServer.Editor, folder)))!.Value;
            validity = (await first.SelectAsync(folder)).UidValidity;
            await first.DisconnectAsync();
        }

        await using var second = await ConnectAsync(MailTlsMode.Implicit);
        var again = await second.SelectAsync(folder);
        var message = Assert.Single(await second.FetchAsync([uid], ImapFetchItems.Envelope));
        await second.SelectAsync("INBOX");
        await second.DeleteFolderAsync(folder);
        // Dovecot derives UIDVALIDITY from the creation time in seconds; a new second guarantees a new value.
        await Task.Delay(TimeSpan.FromSeconds(1.1), TimeProvider.System, CancellationToken.None);
        await second.CreateFolderAsync(folder);
        var recreated = await second.SelectAsync(folder);
        await second.SelectAsync("INBOX");
        await second.DeleteFolderAsync(folder);

        Assert.Equal(validity, again.UidValidity);
        Assert.Equal(folder, message.Envelope!.Subject);
        Assert.NotEqual(validity, recreated.UidValidity);
        Assert.Equal(0u, recreated.Count);
    }

    [MailServerFact]
    public async Task FetchAsync_LargeMessage_IsSpooledAndIntact()
    {
        var folder = TestMailServer.UniqueId("fw-large");
        var body = new StringBuilder();
        for (var i = 0; i < 12_000; i++)
        {
            body.Append("line ").Append(i).Append(" of a large message body, padded to make it longer\r\n");
        }

        var raw = TestMailServer.Message(TestMailServer.Desk, TestMailServer.Editor, folder, body.ToString());
        await using var sut = await ConnectAsync(MailTlsMode.StartTls);
        await sut.CreateFolderAsync(folder);
        try
        {
            var uid = await sut.AppendAsync(folder, raw);
            await sut.ExamineAsync(folder);

            using var message = Assert.Single(await sut.FetchAsync([uid!.Value], ImapFetchItems.Body));

            Assert.True(message.Body!.IsSpooled);
            Assert.Equal(raw, message.Body.ToArray());
        }
        finally
        {
            await sut.SelectAsync("INBOX");
            await sut.DeleteFolderAsync(folder);
        }
    }

    [MailServerFact]
    public async Task AuthenticateAsync_WrongPassword_ThrowsAuthenticationFailed()
    {
        await using var sut = new ImapClient(new ImapClientOptions { Tls = TestMailServer.Tls });
        await sut.ConnectAsync(TestMailServer.Host, TestMailServer.ImapsPort, MailTlsMode.Implicit);

        var ex = await Assert.ThrowsAsync<ImapCommandException>(() => sut.AuthenticateAsync(TestMailServer.Editor, "wrong"));

        Assert.Equal("AUTHENTICATIONFAILED", ex.ResponseCode);
        Assert.True(sut.IsConnected);
    }
}
