using System.Globalization;
using ForecastWatch.Domain.Digest;
using ForecastWatch.Domain.Prompts;
using ForecastWatch.Domain.Scoring;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace ForecastWatch.Mailing;

/// <summary>What one digest run did.</summary>
public enum DigestOutcome
{
    /// <summary>The digest mail is in the outbox and the period is recorded.</summary>
    Enqueued,

    /// <summary>The period already has a digest (sent or skipped): nothing was done.</summary>
    AlreadyDone,

    /// <summary>Nothing changed and <c>SkipWhenQuiet</c> is on: the period is recorded, no mail.</summary>
    SkippedQuiet,

    /// <summary>No recipients are configured.</summary>
    Disabled,

    /// <summary>
    /// A start-up catch-up on a database where digests had not run before the period fell due (a first deploy):
    /// the period is recorded without mail, so the first digest is the next scheduled one.
    /// </summary>
    SkippedBeforeFirstStart,
}

public sealed record DigestRunReport(DigestOutcome Outcome, string PeriodKey, DateTimeOffset PeriodAt, DateTimeOffset PeriodStart,
    string? MessageId, string? Subject);

/// <summary>
/// Sends each digest period exactly once. A period is the latest fire time of the digest cron at or before the run;
/// its row in <c>digests</c> is claimed in the same transaction that enqueues the mail, so a crash before the commit
/// leaves neither (the next run sends it) and a commit leaves both (no run sends it again).
/// </summary>
internal sealed partial class DigestService
{
    private static readonly TimeSpan FirstPeriodLength = TimeSpan.FromDays(7);
    private static readonly TimeSpan[] LookBack = [TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(8), TimeSpan.FromDays(32),
        TimeSpan.FromDays(400)];

    private readonly IDatabase _connections;
    private readonly ScoreStore _scores;
    private readonly IMailRenderer _renderer;
    private readonly DigestOptions _digest;
    private readonly MailingOptions _mailing;
    private readonly ForecastWatchOptions _app;
    private readonly TimeProvider _time;
    private readonly ILogger<DigestService> _logger;
    private readonly CronExpression _cron;
    private readonly PromptTokenProvider _tokens;

    public DigestService(
        IDatabase connections,
        ScoreStore scores,
        IMailRenderer renderer,
        IOptions<DigestOptions> digest,
        IOptions<MailingOptions> mailing,
        IOptions<ForecastWatchOptions> app,
        IConfiguration configuration,
        TimeProvider time,
        ILogger<DigestService> logger,
        PromptTokenProvider tokens)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(mailing);
        ArgumentNullException.ThrowIfNull(app);
        _connections = connections;
        _scores = scores;
        _renderer = renderer;
        _digest = digest.Value;
        _mailing = mailing.Value;
        _app = app.Value;
        _time = time;
        _logger = logger;
        _tokens = tokens;
        // Without recipients (or switched off) there is no schedule; the default cron still names periods for `digest`.
        var key = Jobs.DigestJob.Key;
        _cron = new CronExpression(Jobs.JobSchedules.CronOf(configuration, key) ?? Jobs.JobSchedules.DigestDefaultCron,
            Jobs.JobSchedules.ZoneOf(configuration, key, _app.TimeZone));
    }

    public static string KeyOf(DateTimeOffset periodAt) =>
        periodAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The latest fire time of the digest cron at or before <paramref name="asOf"/>; null if none in 400 days.</summary>
    public DateTimeOffset? PeriodOf(DateTimeOffset asOf)
    {
        foreach (var back in LookBack)
        {
            // Quartz's cron has no "previous fire time": walk forward from a point far enough back.
            var next = _cron.GetNextValidTimeAfter(asOf - back);
            if (next is not { } t || t > asOf)
            {
                continue;
            }

            while (_cron.GetNextValidTimeAfter(t) is { } after && after <= asOf)
            {
                t = after;
            }

            return t;
        }

        return null;
    }

    /// <summary>Enqueues the digest of the period <paramref name="asOf"/> falls in, unless that period already has one.</summary>
    public async Task<DigestRunReport> RunAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var periodAt = PeriodOf(asOf) ?? asOf;
        var key = KeyOf(periodAt);
        if (!_digest.IsEnabled)
        {
            return new DigestRunReport(DigestOutcome.Disabled, key, periodAt, periodAt, null, null);
        }

        var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await DigestStore.ExistsAsync(connection, key, cancellationToken).ConfigureAwait(false))
            {
                return new DigestRunReport(DigestOutcome.AlreadyDone, key, periodAt, periodAt, null, null);
            }

            var periodStart = await DigestStore.PreviousAsync(connection, periodAt, cancellationToken).ConfigureAwait(false)
                ?? periodAt - FirstPeriodLength;
            var model = await _scores.BuildDigestAsync(new DigestBuilder(periodAt, periodStart, Settings()), cancellationToken)
                .ConfigureAwait(false);
            var quiet = _digest.SkipWhenQuiet && model.IsQuiet;
            var now = _time.GetUtcNow();
            var installation = await InstallationStore.GetAsync(connection, null, cancellationToken).ConfigureAwait(false);
            var mail = quiet ? null : Compose(model, key, now, installation.Id);

            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // A concurrent run (the CLI beside the worker) may have claimed the period since the check above.
                if (!await DigestStore.TryClaimAsync(connection, transaction, key, periodAt, periodStart,
                    quiet ? DigestStatus.Skipped : DigestStatus.Queued, now, cancellationToken).ConfigureAwait(false))
                {
                    return new DigestRunReport(DigestOutcome.AlreadyDone, key, periodAt, periodStart, null, null);
                }

                if (mail is not null)
                {
                    var outboxId = await OutboxStore.EnqueueAsync(
                        connection,
                        transaction,
                        new OutboxMessage(mail.MessageId, "digest", null, MailAddressText.Extract(_mailing.From) ?? _mailing.From,
                            [.. _digest.Recipients.Select(static r => MailAddressText.Extract(r) ?? r)], mail.Subject,
                            _renderer.Render(mail)),
                        now,
                        cancellationToken).ConfigureAwait(false);
                    await OutboxReturnPaths.AssignAsync(connection, transaction, outboxId, _tokens, _mailing, cancellationToken)
                        .ConfigureAwait(false);
                    await DigestStore.SetOutboxAsync(connection, transaction, key, outboxId, cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            if (mail is null)
            {
                Log.Skipped(_logger, key);
                return new DigestRunReport(DigestOutcome.SkippedQuiet, key, periodAt, periodStart, null, model.Subject);
            }

            Log.Enqueued(_logger, key, _digest.Recipients.Count);
            return new DigestRunReport(DigestOutcome.Enqueued, key, periodAt, periodStart, mail.MessageId, mail.Subject);
        }
    }

    /// <summary>
    /// The start-up run: sends the latest period if a crash or a stop kept it from going out, but only when this
    /// database had recorded a digest period before that period fell due (the worker was running then). On a
    /// fresh database the period is recorded as skipped instead: a deploy in mid-week must not send last week's
    /// digest for a period the worker never ran in, and that record is what a later restart takes as evidence.
    /// </summary>
    public async Task<DigestRunReport> CatchUpAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var periodAt = PeriodOf(asOf) ?? asOf;
        var key = KeyOf(periodAt);
        if (!_digest.IsEnabled)
        {
            return new DigestRunReport(DigestOutcome.Disabled, key, periodAt, periodAt, null, null);
        }

        var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (await DigestStore.ExistsAsync(connection, key, cancellationToken).ConfigureAwait(false))
            {
                return new DigestRunReport(DigestOutcome.AlreadyDone, key, periodAt, periodAt, null, null);
            }

            if (await DigestStore.AnyRecordedBeforeAsync(connection, periodAt, cancellationToken).ConfigureAwait(false))
            {
                return await RunAsync(asOf, cancellationToken).ConfigureAwait(false);
            }

            var periodStart = await DigestStore.PreviousAsync(connection, periodAt, cancellationToken).ConfigureAwait(false)
                ?? periodAt - FirstPeriodLength;
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                if (!await DigestStore.TryClaimAsync(connection, transaction, key, periodAt, periodStart, DigestStatus.Skipped,
                    _time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
                {
                    return new DigestRunReport(DigestOutcome.AlreadyDone, key, periodAt, periodStart, null, null);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            Log.SkippedBeforeFirstStart(_logger, key);
            return new DigestRunReport(DigestOutcome.SkippedBeforeFirstStart, key, periodAt, periodStart, null, null);
        }
    }

    public DigestSettings Settings()
    {
        ScoreDimensions.TryParse(_digest.Dimension, out var dimension);
        return new DigestSettings
        {
            Dimension = dimension,
            DueSoonDays = _digest.DueSoonDays,
            MaxItemsPerSection = _digest.MaxItemsPerSection,
            Scoring = new ScoringSettings { MinSample = _digest.MinSample, OverdueGraceDays = (int)_app.OverdueGrace.TotalDays },
        };
    }

    /// <summary>Both parts come from the one model, so the text part says what the HTML part says.</summary>
    public ComposedMail Compose(DigestModel model, string periodKey, DateTimeOffset now, string installation)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new ComposedMail
        {
            From = _mailing.From,
            To = _digest.Recipients,
            Subject = model.Subject,
            // Deterministic per period: even a duplicate enqueue would collapse on the outbox's unique Message-ID.
            MessageId = OwnMessageId.Create(
                "digest", periodKey.Replace(":", "", StringComparison.Ordinal), installation, _mailing.MessageIdDomain),
            Date = now,
            Headers =
            [
                new("Auto-Submitted", "auto-generated"),
                new("X-Auto-Response-Suppress", "All"),
                new(_mailing.LoopHeader, $"digest; period={periodKey}"),
            ],
            TextBody = DigestTextRenderer.Render(model),
            HtmlBody = DigestHtmlRenderer.Render(model),
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Digest {Period} queued to {Count} recipient(s)")]
        public static partial void Enqueued(ILogger logger, string period, int count);

        [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Digest {Period} skipped: nothing changed")]
        public static partial void Skipped(ILogger logger, string period);

        [LoggerMessage(EventId = 7103, Level = LogLevel.Information, Message = "Digest {Period} not sent: it fell due before digests first "
            + "ran on this database; the first digest is the next scheduled one")]
        public static partial void SkippedBeforeFirstStart(ILogger logger, string period);
    }
}
