using ForecastWatch.Domain.Prompts;
using ForecastWatch.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing;

/// <summary>Which steps a run may take: the due check takes first prompts, the reminder job the rest.</summary>
public enum PromptRunScope
{
    Initial,
    FollowUps,
    All,
}

/// <summary>One mail a run enqueued (or would enqueue, in a dry run).</summary>
public sealed record PromptPlanItem(string PredictionId, DateOnly CycleResolveBy, int Step, PromptStepKind Kind, string Recipient,
    string Subject, string? MessageId);

public sealed record PromptRunReport(IReadOnlyList<PromptPlanItem> Items, bool DryRun)
{
    public int Enqueued => DryRun ? 0 : Items.Count;
}

/// <summary>
/// Takes the due prompt steps as of an instant: asks the scheduler, then for each prediction writes the prompt
/// threads, the steps and the outbox mails in ONE transaction, so a mail exists exactly when its step is recorded.
/// </summary>
public sealed partial class PromptService
{
    private readonly IDatabase _database;
    private readonly IPromptPredictionSource _source;
    private readonly PromptComposer _composer;
    private readonly IMailRenderer _renderer;
    private readonly PromptTokenProvider _tokens;
    private readonly PromptRouting _routing;
    private readonly PromptTiming _timing;
    private readonly MailingOptions _mailing;
    private readonly ILogger<PromptService> _logger;

    public PromptService(
        IDatabase database,
        IPromptPredictionSource source,
        PromptComposer composer,
        IMailRenderer renderer,
        PromptTokenProvider tokens,
        IOptions<EditorsOptions> editors,
        IOptions<PromptScheduleOptions> schedule,
        IOptions<MailingOptions> mailing,
        ILogger<PromptService> logger)
    {
        ArgumentNullException.ThrowIfNull(editors);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(mailing);
        _database = database;
        _source = source;
        _composer = composer;
        _renderer = renderer;
        _tokens = tokens;
        _routing = editors.Value.ToRouting();
        _timing = schedule.Value.ToTiming();
        _mailing = mailing.Value;
        _logger = logger;
    }

    public PromptRouting Routing => _routing;

    public async Task<PromptRunReport> RunAsync(DateTimeOffset asOf, PromptRunScope scope, bool dryRun, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var predictions = (await _source.LoadAsync(connection, cancellationToken).ConfigureAwait(false)).ToDictionary(static p => p.Id,
                StringComparer.Ordinal);
            var history = await PromptStore.HistoryAsync(connection, cancellationToken).ConfigureAwait(false);
            var decisions = PromptScheduler.Decide(predictions.Values.Select(static p => p.ToSubject()), history, asOf, _timing, _routing)
                .Where(d => scope == PromptRunScope.All || (scope == PromptRunScope.Initial) == (d.Kind == PromptStepKind.Initial))
                .OrderBy(static d => d.PredictionId, StringComparer.Ordinal)
                .ToList();

            var items = new List<PromptPlanItem>();
            foreach (var decision in decisions)
            {
                var prediction = predictions[decision.PredictionId];
                if (dryRun)
                {
                    items.AddRange(
                        decision.Recipients.Select(r => new PromptPlanItem(decision.PredictionId, decision.CycleResolveBy, decision.Step,
                        decision.Kind, r, PromptComposer.SubjectFor(prediction, decision.Kind, decision.AsksCondition), null)));
                    continue;
                }

                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    foreach (var recipient in decision.Recipients)
                    {
                        items.Add(await EnqueueStepAsync(connection, transaction, prediction, decision, recipient, asOf, cancellationToken)
                            .ConfigureAwait(false));
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                Log.StepTaken(_logger, decision.Kind, decision.PredictionId, decision.Recipients.Count);
            }

            return new PromptRunReport(items, dryRun);
        }
    }

    private async Task<PromptPlanItem> EnqueueStepAsync(
        System.Data.Common.DbConnection connection,
        System.Data.Common.DbTransaction transaction,
        PromptPrediction prediction,
        PromptDecision decision,
        string recipient,
        DateTimeOffset asOf,
        CancellationToken cancellationToken)
    {
        var role = decision.Kind == PromptStepKind.Escalation ? PromptStore.ChiefRole : PromptStore.EditorRole;
        var thread = await PromptStore.EnsureThreadAsync(connection, transaction, prediction.Id, decision.CycleResolveBy, recipient, role,
            asOf, cancellationToken).ConfigureAwait(false);
        var previous = await PromptStore.StepsAsync(connection, transaction, thread.Id, cancellationToken).ConfigureAwait(false);
        var installation = await InstallationStore.GetAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var mail = _composer.Compose(new PromptMailRequest(
            prediction,
            decision.Kind,
            decision.Step,
            _timing.ReminderDays.Count,
            thread.Id,
            recipient,
            _tokens.Token.Create(thread.Id, recipient),
            asOf,
            previous.Where(s => s.Step < decision.Step).Select(static s => s.MessageId).ToList(),
            installation.Id,
            decision.AsksCondition));
        var outboxId = await OutboxStore.EnqueueAsync(
            connection,
            transaction,
            new OutboxMessage(mail.MessageId, CategoryOf(decision.Kind), prediction.Id,
                MailAddressText.Extract(_mailing.From) ?? _mailing.From, [recipient], mail.Subject, _renderer.Render(mail)),
            asOf,
            cancellationToken).ConfigureAwait(false);
        await OutboxReturnPaths.AssignAsync(connection, transaction, outboxId, _tokens, _mailing, cancellationToken).ConfigureAwait(false);
        await PromptStore.AddStepAsync(connection, transaction, thread.Id, decision.Step, decision.Kind, outboxId, asOf, cancellationToken)
            .ConfigureAwait(false);
        return new PromptPlanItem(prediction.Id, decision.CycleResolveBy, decision.Step, decision.Kind, recipient, mail.Subject,
            mail.MessageId);
    }

    private static string CategoryOf(PromptStepKind kind) => kind switch
    {
        PromptStepKind.Initial => "prompt",
        PromptStepKind.Reminder => "reminder",
        _ => "escalation",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "{Kind} for {PredictionId} queued to {Count} recipient(s)")]
        public static partial void StepTaken(ILogger logger, PromptStepKind kind, string predictionId, int count);
    }
}
