using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Inbound;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Mailing;
using ForecastWatch.Tests.Support;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ForecastWatch.Tests.Inbound;

/// <summary>
/// The continuous loop (<c>inbox process</c>) against the loopback Dovecot: the real IMAP source, the production
/// pipeline, and a fake clock that never moves, so only IDLE can wake the loop.
/// </summary>
public sealed partial class InboxServiceTests
{
    private static readonly DateTimeOffset IdleNow = new(2027, 6, 1, 10, 0, 0, TimeSpan.Zero);

    private static async Task<ImapClient> ConnectDeskAsync(IProtocolLogger? logger, TimeProvider time)
    {
        _ = time;
        if (logger is null)
        {
            return await LoopbackMailServer.ImapAsync("desk");
        }

        var client = new ImapClient(logger);
        client.ServerCertificateValidationCallback = new ForecastWatch.Mailing.MailCertificateCheck(
            new ForecastWatch.Mailing.MailEndpointOptions { TrustedCaFile = LoopbackMailServer.CertificateFile }, "test").Validate;
        await client.ConnectAsync("127.0.0.1", 1143, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync("desk@example.test", "desk-pass");
        return client;
    }

    /// <summary>A prompt as the prompts module leaves it: the prompt row, its outbox mail, and the token of its Reply-To.</summary>
    private async Task<string> AddPromptAsync(long promptId, string predictionId, string recipient)
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        await OutboxStore.EnqueueAsync(connection, transaction, new OutboxMessage($"fw.prompt.{promptId}.0@example.test", "prompt",
            predictionId, "forecastwatch@example.test", [recipient], $"[FW-{predictionId}] Due", "raw"u8.ToArray()), IdleNow,
            CancellationToken.None);
        await connection.ExecuteAsync(
            "INSERT INTO prompts (id, prediction_id, cycle_resolve_by, recipient, role, created_at) VALUES (@Id, @P, '2027-05-31', @R, "
                + "'editor', 0)",
            new { Id = promptId, P = predictionId, R = recipient }, transaction);
        await transaction.CommitAsync();
        return RealPipeline.Tokens(_db.DataDirectory).Token.Create(promptId, recipient);
    }

    [MailServerFact]
    public async Task RunAsync_ReplyAppendedWhileIdling_AppliedAtOnceAndShutdownEndsIdleWithDone()
    {
        var folder = "idle-" + Guid.NewGuid().ToString("N")[..10];
        var messageId = folder + "@mail.example.test";
        var time = new FakeTimeProvider(IdleNow);
        var transcript = new Transcript();
        var token = await AddPromptAsync(1, "ai-act", "editor@example.test");
        using (var desk = await ConnectDeskAsync(null, TimeProvider.System))
        {
            await LoopbackMailServer.CreateFolderAsync(desk, folder);
        }

        try
        {
            // The poll interval is far away on a clock that is never advanced: a pass after the first one can
            // only come from IDLE. Authentication is required and met by an aligned DKIM signature alone.
            var options = new InboxOptions { Source = InboxSources.Imap, ImapFolder = folder, PollInterval = TimeSpan.FromHours(1) };
            var sut = new InboxService(
                RealPipeline.Create(_db, time, new ReplyAuthenticationSettings("mx.example.test", Require: true)),
                new AsyncFactory(async ct => await ImapInboundSource.OpenAsync(await ConnectDeskAsync(transcript, time), options,
                    _db.Connections, time, NullLogger.Instance, ct)),
                _db.Connections,
                Options.Create(options),
                time,
                NullLogger<InboxService>.Instance);
            var passes = new ConcurrentQueue<InboxRunSummary>();
            var applied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var stop = new CancellationTokenSource();

            var run = sut.RunAsync(
                summary =>
                {
                    passes.Enqueue(summary);
                    if (summary.Applied > 0)
                    {
                        applied.TrySetResult();
                    }
                },
                stop.Token);
            await transcript.IdleAcceptedAsync(1).WaitAsync(Guard);
            using (var desk = await ConnectDeskAsync(null, TimeProvider.System))
            {
                await LoopbackMailServer.AppendAsync(desk, folder, Encoding.UTF8.GetBytes(EditorReply(token, messageId)));
            }

            await applied.Task.WaitAsync(Guard);
            await transcript.IdleAcceptedAsync(2).WaitAsync(Guard);
            await stop.CancelAsync();
            await run.WaitAsync(Guard);

            Assert.Equal(TaskStatus.RanToCompletion, run.Status);
            Assert.Equal(IdleNow, time.GetUtcNow());
            Assert.Equal(0, passes.First().Seen);
            Assert.Equal((1, 1, 0), (passes.Sum(p => p.Seen), passes.Sum(p => p.Applied), passes.Sum(p => p.Failed)));
            var resolution = Assert.Single(await _db.ResolutionsAsync("ai-act"));
            Assert.Equal((Verdict.Yes, "editor@example.test", messageId),
                (resolution.Verdict, resolution.ResolvedBy, resolution.SourceMessageId));
            Assert.Equal(["https://example.org/idle-proof"], resolution.Evidence);
            await AssertConfirmationQueuedAsync(messageId);
            AssertIdleEndedCleanly(transcript.Lines());
            using (var check = await ConnectDeskAsync(null, TimeProvider.System))
            {
                var f = await check.GetFolderAsync(folder);
                await f.OpenAsync(FolderAccess.ReadOnly);
                Assert.Equal(0, f.Count);
            }
        }
        finally
        {
            using var desk = await ConnectDeskAsync(null, TimeProvider.System);
            await LoopbackMailServer.DeleteFolderAsync(desk, folder);
        }
    }

    private static string EditorReply(string token, string messageId) =>
        $"""
        From: Editor <editor@example.test>
        To: ForecastWatch <desk+{token}@example.test>
        Subject: Re: [FW-ai-act] Due: Claim ai-act will happen
        Date: Tue, 01 Jun 2027 10:05:00 +0000
        Message-ID: <{messageId}>
        In-Reply-To: <fw.prompt.1.0@example.test>
        References: <fw.prompt.1.0@example.test>
        Authentication-Results: mx.example.test; spf=pass smtp.mailfrom=editor@example.test;
         dkim=pass (2048-bit key) header.d=example.test header.i=@example.test header.s=mail header.b=Xy/9+Qa=
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit

        YES - it happened, see https://example.org/idle-proof

        On Tue, Jun 1, 2027 at 10:00 AM ForecastWatch <desk+{token}@example.test> wrote:
        > Did it happen?

        """.ReplaceLineEndings("\r\n");

    private async Task AssertConfirmationQueuedAsync(string replyMessageId)
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        var entries = await OutboxStore.ListAsync(connection, OutboxStatus.Queued, CancellationToken.None);
        var confirmation = Assert.Single(entries, e => e.Category == OutboxReplyAnswerSink.ConfirmationCategory);
        Assert.Equal(["editor@example.test"], confirmation.Recipients);
        Assert.Equal("ai-act", confirmation.PredictionId);
        var mail = await new MimeInboundMailReader().ReadAsync(
            new MemoryStream(await OutboxStore.GetRawAsync(connection, confirmation.Id, CancellationToken.None)), CancellationToken.None);
        Assert.Equal(replyMessageId, mail.ThreadIds[0]);
        Assert.Contains("Recorded: YES", mail.TextBody, StringComparison.Ordinal);
    }

    /// <summary>
    /// Two IDLEs (before and after the reply), no polling NOOP, and the last IDLE ended by DONE and the server's
    /// tagged OK (RFC 2177 section 3) before LOGOUT.
    /// </summary>
    private static void AssertIdleEndedCleanly(IReadOnlyList<string> lines)
    {
        var idles = lines.Select((line, index) => (line, index)).Where(x => IdleCommand().IsMatch(x.line)).ToList();
        Assert.Equal(2, idles.Count);
        Assert.DoesNotContain(lines, l => l.StartsWith("C: ", StringComparison.Ordinal) && l.EndsWith(" NOOP", StringComparison.Ordinal));
        var (idle, at) = idles[^1];
        var tag = IdleCommand().Match(idle).Groups["tag"].Value;
        var rest = lines.Skip(at + 1).ToList();
        var accepted = rest.FindIndex(l => l.StartsWith("S: +", StringComparison.Ordinal));
        var done = rest.FindIndex(l => l == "C: DONE");
        var completed = rest.FindIndex(l => l.StartsWith($"S: {tag} OK", StringComparison.Ordinal));
        var logout = rest.FindIndex(l => l.StartsWith("C: ", StringComparison.Ordinal) && l.EndsWith(" LOGOUT", StringComparison.Ordinal));
        // The protocol log records what was written and what was read from two places, so DONE and the tagged OK may be
        // logged in either order; both must come after the continuation and before LOGOUT.
        Assert.True(
            accepted >= 0 && accepted < done && accepted < completed && done < logout && completed < logout,
            "expected + / DONE / " + tag + " OK / LOGOUT after the last IDLE:\n" + string.Join('\n', rest));
    }

    [GeneratedRegex("^C: (?<tag>\\S+) IDLE$")]
    private static partial Regex IdleCommand();

    private sealed class AsyncFactory(Func<CancellationToken, Task<IInboundSource>> open) : IInboundSourceFactory
    {
        public Task<IInboundSource> OpenAsync(CancellationToken cancellationToken) => open(cancellationToken);
    }

    /// <summary>The client's protocol log as lines (<c>C: </c> sent, <c>S: </c> received), with a wait for accepted IDLEs.</summary>
    private sealed class Transcript : IProtocolLogger
    {
        private readonly Lock _gate = new();
        private readonly List<string> _lines = [];
        private readonly StringBuilder _client = new();
        private readonly StringBuilder _server = new();
        private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
        private bool _idleSent;
        private int _idlesAccepted;

        public IReadOnlyList<string> Lines()
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }

        /// <summary>Completes once the server has answered <paramref name="count"/> IDLE commands with a continuation.</summary>
        public Task IdleAcceptedAsync(int count)
        {
            lock (_gate)
            {
                if (_idlesAccepted >= count)
                {
                    return Task.CompletedTask;
                }

                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, done));
                return done.Task;
            }
        }

        public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

        public void LogConnect(Uri uri)
        {
        }

        public void LogClient(byte[] buffer, int offset, int count) => Append(_client, "C: ", buffer.AsSpan(offset, count));

        public void LogServer(byte[] buffer, int offset, int count) => Append(_server, "S: ", buffer.AsSpan(offset, count));

        public void Dispose()
        {
        }

        private void Append(StringBuilder pending, string prefix, ReadOnlySpan<byte> data)
        {
            lock (_gate)
            {
                pending.Append(Encoding.UTF8.GetString(data));
                var text = pending.ToString();
                var end = text.LastIndexOf("\r\n", StringComparison.Ordinal);
                if (end < 0)
                {
                    return;
                }

                pending.Remove(0, end + 2);
                foreach (var line in text[..end].Split("\r\n"))
                {
                    var entry = prefix + line;
                    _lines.Add(entry);
                    if (IdleCommand().IsMatch(entry))
                    {
                        _idleSent = true;
                    }
                    else if (_idleSent && entry.StartsWith("S: +", StringComparison.Ordinal))
                    {
                        _idleSent = false;
                        _idlesAccepted++;
                    }
                }

                foreach (var waiter in _waiters.Where(w => w.Count <= _idlesAccepted).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Done.TrySetResult();
                }
            }
        }
    }
}
