using System.Data.Common;
using System.Globalization;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

namespace ForecastWatch.Mailing;

/// <summary>What one delivery run did.</summary>
public sealed record DeliveryReport(int Sent, int Failed, int Requeued, int Postponed, int Withdrawn = 0)
{
    public int Attempted => Sent + Failed + Requeued;

    /// <summary>Rows sent again after an interrupted attempt that the server may have accepted (see OutboxEntry.Uncertain).</summary>
    public int Uncertain { get; init; }
}

/// <summary>
/// Delivers queued outbox messages through the configured transport. A message is marked sent only after the
/// transport accepted it; a crash in between leaves it queued and it is sent again with the same bytes and the same
/// Message-ID (at-least-once, never lost). Each attempt is marked in its row, committed before the SMTP transaction
/// begins and cleared with its outcome, so the only rows that may reach a recipient twice are those a later run finds
/// still marked: they are counted as uncertain (<see cref="OutboxEntry.Uncertain"/>) and logged.
/// </summary>
public sealed partial class OutboxDeliveryService
{
    private readonly IDatabase _database;
    private readonly IMailTransport _transport;
    private readonly ResiliencePipeline _pipeline;
    private readonly MailingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxDeliveryService> _logger;

    // Names this service's runs in outbox claims (PostgreSQL): the host, the process and a random part, so two
    // workers, or two services in one test, never share one; each run adds its number.
    private readonly string _node = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
    private long _runs;

    public OutboxDeliveryService(
        IDatabase database,
        IMailTransport transport,
        [FromKeyedServices(ResiliencePipelines.MailDelivery)] ResiliencePipeline pipeline,
        IOptions<MailingOptions> options,
        TimeProvider time,
        ILogger<OutboxDeliveryService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        _transport = transport;
        _pipeline = pipeline;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public async Task<DeliveryReport> DeliverDueAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var now = Later(asOf, _time.GetUtcNow());
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var claim = new Claim(string.Create(CultureInfo.InvariantCulture, $"{_node}/{Interlocked.Increment(ref _runs)}"), asOf);
            var pending = await OutboxStore.ClaimPendingAsync(
                connection, now, _options.DeliveryBatchSize, claim.Claimant, now + _options.ClaimLease, cancellationToken)
                .ConfigureAwait(false);
            if (pending.Count == 0)
            {
                return new DeliveryReport(0, 0, 0, 0);
            }

            try
            {
                // One session for the whole run (SMTP: one connection, QUIT at the end); outcomes stay per message.
                var session = _transport.OpenSession();
                await using (session.ConfigureAwait(false))
                {
                    return await DeliverAsync(connection, session, pending, claim, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                await OutboxStore.ReleaseClaimsAsync(connection, claim.Claimant, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task<DeliveryReport> DeliverAsync(
        DbConnection connection,
        IMailTransportSession session,
        IReadOnlyList<OutboxEntry> pending,
        Claim claim,
        CancellationToken cancellationToken)
    {
        int sent = 0, failed = 0, requeued = 0, postponed = 0, withdrawn = 0, uncertain = 0;
        for (var i = 0; i < pending.Count; i++)
        {
            var entry = pending[i];

            // Steps stop the moment the prediction is resolved, voided or extended, including a step
            // that was queued before (e.g. while the server was down) and has not left yet.
            if (await StaleReasonAsync(connection, entry.Id, cancellationToken).ConfigureAwait(false) is { } reason)
            {
                if (await OutboxStore.WithdrawAsync(connection, entry.Id, _time.GetUtcNow(), reason, CancellationToken.None)
                    .ConfigureAwait(false))
                {
                    Log.Withdrawn(_logger, entry.MessageId, reason);
                    withdrawn++;
                }

                continue;
            }

            // Committed before MAIL FROM: the attempt's mark, and on PostgreSQL the claim renewed (false: a run whose
            // lease ran out during a long stall leaves the row to the run that took it). A mark left by an attempt that
            // never recorded its outcome (the worker died between MAIL FROM and the commit below) is counted as
            // uncertain: the server may have accepted that copy. The row is sent again, same bytes, same Message-ID.
            var attemptAt = _time.GetUtcNow();
            var until = Later(claim.AsOf, attemptAt) + _options.ClaimLease;
            if (!await OutboxStore.BeginAttemptAsync(connection, entry.Id, claim.Claimant, attemptAt, until, cancellationToken)
                .ConfigureAwait(false))
            {
                Log.ClaimLost(_logger, entry.MessageId);
                continue;
            }

            if (entry.OpenAttemptAt is { } interrupted)
            {
                Log.Uncertain(_logger, entry.MessageId, interrupted);
                uncertain++;
            }

            var raw = await OutboxStore.GetRawAsync(connection, entry.Id, cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await _pipeline.ExecuteAsync(
                    static (state, ct) => new ValueTask<MailSendResult>(state.Session.SendAsync(state.Entry, state.Raw, ct)),
                    (Session: session, Entry: entry, Raw: raw),
                    cancellationToken).ConfigureAwait(false);
                await RecordSentAsync(connection, entry, result).ConfigureAwait(false);
                Log.Sent(_logger, entry.MessageId, _transport.Name);
                if (result.Refused is { } refused)
                {
                    Log.PartlyRefused(_logger, entry.MessageId, refused);
                }

                sent++;
            }
            catch (BrokenCircuitException ex)
            {
                // The server is known to be down: do not touch it for the rest of this batch.
                var retryAt = _time.GetUtcNow() + (ex.RetryAfter ?? _options.BreakDuration);
                for (var j = i; j < pending.Count; j++)
                {
                    await OutboxStore.PostponeAsync(connection, pending[j].Id, retryAt, "circuit open: " + ex.Message,
                        CancellationToken.None).ConfigureAwait(false);
                    postponed++;
                }

                Log.CircuitOpen(_logger, pending.Count - i);
                break;
            }
            catch (MailDeliveryException ex) when (ex.IsSessionFailure)
            {
                // Sign-in refused or a setting that does not fit the server: no message is at fault. This one and the
                // rest stay queued (no attempt counted) and are tried again after RequeueDelay, when the fix may be in.
                var retryAt = _time.GetUtcNow() + _options.RequeueDelay;
                for (var j = i; j < pending.Count; j++)
                {
                    await OutboxStore.PostponeAsync(connection, pending[j].Id, retryAt, ex.Message, CancellationToken.None)
                        .ConfigureAwait(false);
                    postponed++;
                }

                Log.SessionFailed(_logger, pending.Count - i, retryAt, ex.Message);
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var delivery = ex as MailDeliveryException;
                var detail = Describe(ex);
                if (ResiliencePipelines.IsTransient(ex))
                {
                    var retryAt = _time.GetUtcNow() + RequeueDelay(entry.Attempts + 1);
                    var unknown = delivery is { MayHaveBeenAccepted: true };
                    await OutboxStore.RequeueAsync(connection, entry.Id, _time.GetUtcNow(), retryAt, detail, delivery?.ReplyCode,
                        delivery?.EnhancedStatus, CancellationToken.None, outcomeUnknown: unknown).ConfigureAwait(false);
                    if (unknown)
                    {
                        Log.OutcomeUnknown(_logger, entry.MessageId, retryAt, detail);
                    }
                    else
                    {
                        Log.Requeued(_logger, entry.MessageId, retryAt, detail);
                    }

                    requeued++;
                }
                else
                {
                    await OutboxStore.MarkFailedAsync(connection, entry.Id, _time.GetUtcNow(), detail, delivery?.ReplyCode,
                        delivery?.EnhancedStatus, CancellationToken.None).ConfigureAwait(false);
                    Log.Failed(_logger, entry.MessageId, detail);
                    failed++;
                }
            }
        }

        return new DeliveryReport(sent, failed, requeued, postponed, withdrawn) { Uncertain = uncertain };
    }

    /// <summary>
    /// Why a prompt-thread message must not be sent any more, or null (send it). Mail outside a prompt thread
    /// (digests, confirmations) and a prediction not in the registry are never withdrawn.
    /// </summary>
    private static async Task<string?> StaleReasonAsync(DbConnection connection, long outboxId, CancellationToken cancellationToken)
    {
        var cycle = await OutboxStore.GetPromptCycleAsync(connection, outboxId, cancellationToken).ConfigureAwait(false);
        if (cycle is null)
        {
            return null;
        }

        var stored = await PredictionStore.GetAsync(connection, null, cycle.PredictionId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        var resolutions = await PredictionStore.GetResolutionsAsync(connection, null, cycle.PredictionId, cancellationToken)
            .ConfigureAwait(false);
        return StaleReason(ResolutionState.Fold(stored.Prediction, resolutions), cycle.CycleResolveBy);
    }

    internal static string? StaleReason(ResolutionState state, DateOnly cycleResolveBy)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Final is { } final)
        {
            var verdict = final.Verdict.ToString().ToUpperInvariant();
            return FormattableString.Invariant(
                $"prediction resolved {verdict} at {final.ResolvedAt:yyyy-MM-dd HH:mm}Z by {final.ResolvedBy}");
        }

        if (state.ResolveBy == cycleResolveBy)
        {
            return null;
        }

        // A conditional's condition is asked about at its own date (a cycle of its own): still wanted while nobody
        // has answered the condition and its date (after any CONDITION EXTEND) is still this cycle's.
        if (state.Condition is { } condition)
        {
            if (state.ConditionResolveBy == cycleResolveBy)
            {
                var answer = condition.Verdict.ToString().ToUpperInvariant();
                return FormattableString.Invariant(
                    $"condition answered {answer} at {condition.ResolvedAt:yyyy-MM-dd HH:mm}Z by {condition.ResolvedBy}");
            }
        }
        else if (state.ConditionResolveBy == cycleResolveBy)
        {
            return null;
        }
        else if (state.ConditionExtensionCount > 0)
        {
            return FormattableString.Invariant(
                $"condition's date moved from {cycleResolveBy:yyyy-MM-dd} to {state.ConditionResolveBy:yyyy-MM-dd}");
        }

        var now = state.ResolveBy is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "none";
        return FormattableString.Invariant($"resolve-by moved from {cycleResolveBy:yyyy-MM-dd} to {now}");
    }

    internal TimeSpan RequeueDelay(int attempts)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.RequeueDelay.Ticks * factor, _options.MaxRequeueDelay.Ticks));
        return delay;
    }

    private static string Describe(Exception ex) => ex switch
    {
        MailDeliveryException m => m.Message,
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>
    /// Records that the server accepted <paramref name="entry"/>. The server has the message now, so a database that
    /// fails at this moment (restarting, connection lost) must not leave the row to be sent again: the record is
    /// retried on fresh connections, with backoff, for as long as the row's claim lasts. Only a worker that dies here
    /// leaves the attempt's mark (counted as uncertain by the next run).
    /// </summary>
    private async Task RecordSentAsync(DbConnection connection, OutboxEntry entry, MailSendResult result)
    {
        var deadline = _time.GetUtcNow() + _options.ClaimLease;
        var delay = TimeSpan.FromMilliseconds(250);
        DbConnection? fresh = null;
        try
        {
            while (true)
            {
                try
                {
                    await OutboxStore.MarkSentAsync(
                        fresh ?? connection, entry.Id, _time.GetUtcNow(), result.ReplyCode, CancellationToken.None, result.Refused,
                        result.EnhancedStatus).ConfigureAwait(false);
                    return;
                }
                catch (DbException ex) when (_time.GetUtcNow() + delay < deadline)
                {
                    Log.RecordSentRetry(_logger, entry.MessageId, delay, ex.Message);
                }

                await Task.Delay(delay, _time, CancellationToken.None).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
                if (fresh is not null)
                {
                    await fresh.DisposeAsync().ConfigureAwait(false);
                    fresh = null;
                }

                try
                {
                    fresh = await _database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (DbException)
                {
                    // Still down: the next round tries again (its MarkSent uses the old connection and fails fast).
                }
            }
        }
        finally
        {
            if (fresh is not null)
            {
                await fresh.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private sealed record Claim(string Claimant, DateTimeOffset AsOf);

    private static partial class Log
    {
        [LoggerMessage(EventId = 5110, Level = LogLevel.Warning,
            Message = "Sent {MessageId}, but recording it failed; trying again in {Delay} so that it is not sent twice: {Detail}")]
        public static partial void RecordSentRetry(ILogger logger, string messageId, TimeSpan delay, string detail);

        [LoggerMessage(EventId = 5108, Level = LogLevel.Warning,
            Message = "Skipped {MessageId}: its claim expired and another worker holds it")]
        public static partial void ClaimLost(ILogger logger, string messageId);

        [LoggerMessage(EventId = 5109, Level = LogLevel.Warning,
            Message = "Sending {MessageId} again: an attempt begun at {AttemptAt:o} was interrupted before its outcome was recorded; "
                + "the server may have accepted that copy (same Message-ID)")]
        public static partial void Uncertain(ILogger logger, string messageId, DateTimeOffset attemptAt);

        [LoggerMessage(EventId = 5111, Level = LogLevel.Warning,
            Message = "Delivery of {MessageId} may have succeeded: the connection was lost after its data was sent; it will be "
                + "sent again at {RetryAt:o} and counted as uncertain (same Message-ID): {Detail}")]
        public static partial void OutcomeUnknown(ILogger logger, string messageId, DateTimeOffset retryAt, string detail);

        [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Sent {MessageId} via {Transport}")]
        public static partial void Sent(ILogger logger, string messageId, string transport);

        [LoggerMessage(EventId = 5102, Level = LogLevel.Warning,
            Message = "Delivery of {MessageId} failed transiently; next attempt at {RetryAt:o}: {Detail}")]
        public static partial void Requeued(ILogger logger, string messageId, DateTimeOffset retryAt, string detail);

        [LoggerMessage(EventId = 5103, Level = LogLevel.Error, Message = "Delivery of {MessageId} failed permanently: {Detail}")]
        public static partial void Failed(ILogger logger, string messageId, string detail);

        [LoggerMessage(EventId = 5106, Level = LogLevel.Warning,
            Message = "Sent {MessageId}, but the server refused some recipients: {Refused}")]
        public static partial void PartlyRefused(ILogger logger, string messageId, string refused);

        [LoggerMessage(EventId = 5105, Level = LogLevel.Information, Message = "Withdrew {MessageId}: {Reason}")]
        public static partial void Withdrawn(ILogger logger, string messageId, string reason);

        [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Mail server circuit is open; {Count} message(s) postponed")]
        public static partial void CircuitOpen(ILogger logger, int count);

        [LoggerMessage(EventId = 5107, Level = LogLevel.Error,
            Message = "Mail server cannot be used; {Count} message(s) kept queued, next try at {RetryAt:o}: {Detail}")]
        public static partial void SessionFailed(ILogger logger, int count, DateTimeOffset retryAt, string detail);
    }
}
