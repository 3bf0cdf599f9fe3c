using System.Collections.Concurrent;
using ForecastWatch.Hosting;
using ForecastWatch.Inbound;
using ForecastWatch.Jobs;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace ForecastWatch.Tests.Inbound;

/// <summary>The worker's watcher on a fake clock: what it beats for health and when it kicks the outbox.</summary>
public sealed partial class InboxServiceTests
{
    [Fact]
    public async Task Watcher_Idling_BeatsAfterEveryPassAndAtLeastEveryPollInterval()
    {
        var start = new DateTimeOffset(2027, 6, 1, 10, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        var source = new WatchedSource(new MaildirSource(Inbox));
        var beats = new RecordingHeartbeat();
        await using var services = await SchedulerWithOutboxJobAsync();
        var schedulers = services.GetRequiredService<ISchedulerFactory>();
        using var sut = new InboxWatcherService(
            CreateSut(new Factory(() => source), time: time, poll: TimeSpan.FromMinutes(5)), schedulers, new DeliveryKick(nodeLoop: false),
            beats, time,
            NullLogger<InboxWatcherService>.Instance);

        await sut.StartAsync(CancellationToken.None);
        await source.NextWaitAsync();
        var first = await beats.NextAsync();
        time.Advance(TimeSpan.FromMinutes(5));
        await source.NextWaitAsync();
        var second = await beats.NextAsync();
        time.Advance(TimeSpan.FromMinutes(5));
        await source.NextWaitAsync();
        var third = await beats.NextAsync();
        await sut.StopAsync(CancellationToken.None);

        // An empty inbox still beats on every pass, and the idle wait never outlasts the poll interval.
        Assert.Equal([start, start.AddMinutes(5), start.AddMinutes(10)], [first, second, third]);
        Assert.All(beats.Names, static n => Assert.Equal("inbox", n));
        var scheduler = await schedulers.GetScheduler();
        Assert.Empty(await scheduler.GetTriggersOfJob(OutboxDeliveryJob.Key));
    }

    [Fact]
    public async Task Watcher_PassQueuedAnAnswer_KicksOutboxDeliveryAndBeats()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 6, 1, 10, 0, 0, TimeSpan.Zero));
        await DeliverAsync("editor@example.test", "YES");
        var source = new WatchedSource(new MaildirSource(Inbox));
        var beats = new RecordingHeartbeat();
        await using var services = await SchedulerWithOutboxJobAsync();
        var schedulers = services.GetRequiredService<ISchedulerFactory>();
        using var sut = new InboxWatcherService(
            CreateSut(new Factory(() => source), time: time, poll: TimeSpan.FromMinutes(5)), schedulers, new DeliveryKick(nodeLoop: false),
            beats, time,
            NullLogger<InboxWatcherService>.Instance);

        await sut.StartAsync(CancellationToken.None);
        await source.NextWaitAsync();
        await beats.NextAsync();
        await sut.StopAsync(CancellationToken.None);

        // The kick happens before the beat of the same pass, so it is visible once the beat is.
        var scheduler = await schedulers.GetScheduler();
        Assert.Single(await scheduler.GetTriggersOfJob(OutboxDeliveryJob.Key));
    }

    /// <summary>A real, never started, in-memory Quartz scheduler holding the outbox job, so a kick leaves a trigger.</summary>
    private static async Task<ServiceProvider> SchedulerWithOutboxJobAsync()
    {
        var services = new ServiceCollection()
            .AddQuartz()
            .BuildServiceProvider();
        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.AddJob(JobBuilder.Create<OutboxDeliveryJob>().WithIdentity(OutboxDeliveryJob.Key).StoreDurably().Build(),
            AddJobOptions.Replacing);
        return services;
    }

    private sealed class RecordingHeartbeat : IHeartbeat
    {
        private readonly ConcurrentQueue<DateTimeOffset> _beats = new();
        private readonly SemaphoreSlim _signal = new(0);

        public ConcurrentQueue<string> Names { get; } = new();

        public Task BeatAsync(string jobName, DateTimeOffset asOf, CancellationToken cancellationToken)
        {
            Names.Enqueue(jobName);
            _beats.Enqueue(asOf);
            _signal.Release();
            return Task.CompletedTask;
        }

        public async Task<DateTimeOffset> NextAsync()
        {
            await _signal.WaitAsync().WaitAsync(Guard);
            return _beats.TryDequeue(out var beat) ? beat : throw new InvalidOperationException("signalled without a beat");
        }
    }
}
