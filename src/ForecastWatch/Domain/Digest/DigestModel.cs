using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Domain.Digest;

/// <summary>A resolution prompt that was sent for a prediction (who was asked, when). Supplied by the prompt/outbox layer.</summary>
public sealed record PromptSent(string To, DateTimeOffset SentAt);

/// <summary>A prompt that could not be delivered (bounce, rejected recipient). Supplied by the outbox layer.</summary>
public sealed record DeliveryProblem(string PredictionId, string Recipient, DateTimeOffset At, string Reason);

/// <summary>A bounded list: the items shown and how many there were in all.</summary>
public sealed record DigestList<T>(int Total, IReadOnlyList<T> Items)
{
    public int Hidden => Total - Items.Count;

    public static DigestList<T> Empty { get; } = new(0, []);
}

/// <summary>An overdue prediction with the people who were asked to resolve it.</summary>
public sealed record OverdueItem(ScoredPrediction Prediction, int DaysOverdue, IReadOnlyList<PromptSent> Asked);

/// <summary>A prediction falling due soon.</summary>
public sealed record DueSoonItem(ScoredPrediction Prediction, int DaysLeft);

/// <summary>
/// Everything one digest says, independent of how it is rendered. The text and HTML renderers walk the same model
/// in the same order, so the two parts cannot drift apart.
/// </summary>
/// <param name="AsOf">The logical time of the digest (the scheduled fire time).</param>
/// <param name="PeriodStart">When the previous digest went out; resolutions after it are "new".</param>
/// <param name="Resolved">Resolved or voided in (PeriodStart, AsOf], most recent first.</param>
/// <param name="Scorecard">The scorecard as of the digest.</param>
/// <param name="Overdue">Unresolved past the grace period, oldest due date first.</param>
/// <param name="DueSoon">Unresolved and due within the look-ahead window, soonest first.</param>
/// <param name="DeliveryProblems">Prompts that bounced, most recent first.</param>
/// <param name="DueSoonDays">The look-ahead window in days.</param>
public sealed record DigestModel(
    DateTimeOffset AsOf,
    DateTimeOffset PeriodStart,
    DigestList<ScoredPrediction> Resolved,
    Scorecard Scorecard,
    DigestList<OverdueItem> Overdue,
    DigestList<DueSoonItem> DueSoon,
    DigestList<DeliveryProblem> DeliveryProblems,
    int DueSoonDays)
{
    /// <summary>True when nothing was resolved, nothing bounced and nothing is overdue or due: a digest may be skipped.</summary>
    public bool IsQuiet => Resolved.Total == 0 && DeliveryProblems.Total == 0 && Overdue.Total == 0 && DueSoon.Total == 0;

    public string Subject => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"ForecastWatch digest {AsOf.UtcDateTime:yyyy-MM-dd}: {Resolved.Total} resolved, {Overdue.Total} overdue, {DueSoon.Total} due "
            + $"soon");
}
