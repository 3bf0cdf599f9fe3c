using System.Text;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Inbound;
using ForecastWatch.Jobs;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Mailing;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace ForecastWatch.Tests.Inbound;

/// <summary>The worker's watcher against the loopback Dovecot on a clock that never moves: only IDLE can wake it.</summary>
public sealed partial class InboxServiceTests
{
    [MailServerFact]
    public async Task Watcher_ReplyAppendedWhileIdling_AppliedBeatsAndKicksTheOutboxWithoutTheClockMoving()
    {
        var folder = "watch-" + Guid.NewGuid().ToString("N")[..10];
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
            var options = new InboxOptions { Source = InboxSources.Imap, ImapFolder = folder, PollInterval = TimeSpan.FromHours(1) };
            var inbox = new InboxService(
                RealPipeline.Create(_db, time, new ReplyAuthenticationSettings("mx.example.test", Require: true)),
                new AsyncFactory(async ct => await ImapInboundSource.OpenAsync(await ConnectDeskAsync(transcript, time), options,
                    _db.Connections, time, NullLogger.Instance, ct)),
                _db.Connections,
                Options.Create(options),
                time,
                NullLogger<InboxService>.Instance);
            var beats = new RecordingHeartbeat();
            await using var services = await SchedulerWithOutboxJobAsync();
            var schedulers = services.GetRequiredService<ISchedulerFactory>();
            using var sut = new InboxWatcherService(inbox, schedulers, new DeliveryKick(nodeLoop: false), beats, time,
                NullLogger<InboxWatcherService>.Instance);

            await sut.StartAsync(CancellationToken.None);
            await transcript.IdleAcceptedAsync(1).WaitAsync(Guard);
            Assert.Equal(IdleNow, await beats.NextAsync());
            using (var desk = await ConnectDeskAsync(null, TimeProvider.System))
            {
                await LoopbackMailServer.AppendAsync(desk, folder, Encoding.UTF8.GetBytes(EditorReply(token, messageId)));
            }

            // The pass IDLE woke beats after it kicked the outbox; the clock was never advanced.
            Assert.Equal(IdleNow, await beats.NextAsync());
            await sut.StopAsync(CancellationToken.None);

            Assert.Equal(IdleNow, time.GetUtcNow());
            var resolution = Assert.Single(await _db.ResolutionsAsync("ai-act"));
            Assert.Equal((Verdict.Yes, messageId), (resolution.Verdict, resolution.SourceMessageId));
            await AssertConfirmationQueuedAsync(messageId);
            var scheduler = await schedulers.GetScheduler();
            Assert.Single(await scheduler.GetTriggersOfJob(OutboxDeliveryJob.Key));
        }
        finally
        {
            using var desk = await ConnectDeskAsync(null, TimeProvider.System);
            await LoopbackMailServer.DeleteFolderAsync(desk, folder);
        }
    }
}
