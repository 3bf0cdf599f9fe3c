using System.Globalization;
using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Domain.Digest;

/// <summary>
/// Every sentence a digest says, as plain text. Both renderers use these, so the text part and the HTML part say
/// the same things; HTML only adds markup (and encodes).
/// </summary>
public static class DigestPhrases
{
    public const string Nothing = "Nothing.";

    public static readonly string[] ScorecardColumns = ["Rank", "Group", "N", "Accuracy (95% CI)", "Brier", "Skill vs 50%", "Overdue"];

    public static string Title(DigestModel model) =>
        string.Create(CultureInfo.InvariantCulture, $"ForecastWatch digest, {Date(model.AsOf)}");

    public static string Period(DigestModel model) =>
        string.Create(CultureInfo.InvariantCulture, $"Covering {Instant(model.PeriodStart)} to {Instant(model.AsOf)}.");

    public static string ResolvedHeading(DigestModel model) => $"Resolved since the last digest ({model.Resolved.Total})";

    public static string ScorecardHeading(DigestModel model) => $"Scorecard by {model.Scorecard.Dimension.Name()}";

    public static string CalibrationHeading => "Calibration: forecast vs what came true";

    public static string OverdueHeading(DigestModel model) => $"Overdue, nobody has answered ({model.Overdue.Total})";

    public static string DueSoonHeading(DigestModel model) => $"Falling due in the next {model.DueSoonDays} days ({model.DueSoon.Total})";

    public static string DeliveryHeading(DigestModel model) => $"Delivery problems ({model.DeliveryProblems.Total})";

    /// <summary>"[id] Outlet: claim" — the first line of every prediction item.</summary>
    public static string Item(ScoredPrediction p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return $"[{p.Id}] {p.Outlet}: {p.Claim}";
    }

    public static string Resolution(ScoredPrediction p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var verdict = p.Verdict ?? (p.State == PredictionState.Void ? "VOID" : Outcome(p.Outcome));
        var reason = p.State == PredictionState.Void && !string.IsNullOrWhiteSpace(p.VoidReason) ? $" ({p.VoidReason})" : "";
        var by = string.IsNullOrWhiteSpace(p.ResolvedBy) ? "someone unrecorded" : p.ResolvedBy;
        var when = p.ResolvedAt is { } at ? " on " + Date(at) : "";
        return $"{verdict}{reason}, resolved by {by}{when}.";
    }

    /// <summary>"Evidence: ..." or null when none was given.</summary>
    public static string? EvidenceLabel(ScoredPrediction p) => string.IsNullOrWhiteSpace(p?.Evidence) ? null : "Evidence: ";

    public static string Overdue(OverdueItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return string.Create(CultureInfo.InvariantCulture, $"Due {item.Prediction.ResolveBy:yyyy-MM-dd}, {Days(item.DaysOverdue)} ago.");
    }

    public static string Asked(OverdueItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Asked.Count == 0)
        {
            return "Nobody has been asked yet.";
        }

        return "Asked: " + string.Join("; ", item.Asked.Select(static a => $"{a.To} on {Date(a.SentAt)}")) + ".";
    }

    public static string DueSoon(DueSoonItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var when = item.DaysLeft == 0 ? "today" : "in " + Days(item.DaysLeft);
        return string.Create(CultureInfo.InvariantCulture, $"Due {item.Prediction.ResolveBy:yyyy-MM-dd}, {when}.");
    }

    public static string Delivery(DeliveryProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return $"[{problem.PredictionId}] prompt to {problem.Recipient} on {Date(problem.At)}: {problem.Reason}";
    }

    public static string More(int hidden) =>
        string.Create(CultureInfo.InvariantCulture, $"... and {hidden} more (forecastwatch list shows all).");

    public static string[] ScorecardRow(GroupScore g)
    {
        ArgumentNullException.ThrowIfNull(g);
        var inv = CultureInfo.InvariantCulture;
        var accuracy = g.Interval is { } ci
            ? $"{ScorecardFormatter.Percent(g.Accuracy)} ({ScorecardFormatter.Percent(ci.Low)}-{ScorecardFormatter.Percent(ci.High)})"
            : "-";
        return
        [
            g.Rank?.ToString(inv) ?? "-",
            g.IsSmallSample && g.Key != "all" ? g.Key + " (small sample)" : g.Key,
            g.Scored.ToString(inv),
            accuracy,
            ScorecardFormatter.Decimal(g.MeanBrier),
            ScorecardFormatter.Signed(g.SkillVsCoinFlip),
            g.OverdueUnresolved.ToString(inv),
        ];
    }

    public static string ScorecardNote(Scorecard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Brier: 0 is perfect, 0.25 is always saying 50%. Groups with fewer than {card.Settings.MinSample} scored predictions are "
                + $"small samples and not ranked. Void predictions (excluded from scores): {card.VoidCount}.");
    }

    /// <summary>What each number means, one line each, for editors who are not statisticians (docs/scoring.md).</summary>
    public static IReadOnlyList<string> Explanations(Scorecard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var inv = CultureInfo.InvariantCulture;
        var all = card.Overall;
        var lines = new List<string>
        {
            "N: resolved predictions scored against the probability they carried.",
            "Accuracy: the share that went the way the forecast leaned; "
                + "the brackets give the range the true rate most likely lies in (95%).",
            "Brier: the squared gap between the forecast's probability and what happened; "
                + "lower is better, 0.25 is what always saying 50% earns.",
            "Skill vs 50%: how much better than always saying 50%; above 0 beats a coin flip, 1 is perfect.",
            string.Create(inv, $"Overdue: due for more than {card.Settings.OverdueGraceDays} days and nobody has answered yet."),
        };
        if (all.Numeric is { } n)
        {
            lines.Add(string.Create(
                inv,
                $"Numeric forecasts ({n.Count}): the value landed in the predicted range {ScorecardFormatter.Percent(n.HitRate)} "
                + $"of the time ({ScorecardFormatter.Percent(n.HitInterval.Low)}-{ScorecardFormatter.Percent(n.HitInterval.High)}); "
                + $"the typical miss was {(n.MedianApe is { } m ? m.ToString("0.0", inv) + "%" : "-")} of the true value, "
                + $"and forecasts ran {Bias(n.MeanPercentError)} on average."));
        }

        if (all.Implied > 0)
        {
            lines.Add(string.Create(
                inv,
                $"Implied: {all.Implied} of the probabilities scored were not stated as numbers but read from words such as \"likely\", or "
                + $"{ScorecardFormatter.Percent(card.Settings.UnstatedProbability)} for a flat \"will\"."));
        }

        if (card.ConditionNotMetCount > 0)
        {
            lines.Add(string.Create(inv, $"Condition not met ({card.ConditionNotMetCount}): ")
                + "predictions of what follows \"if\" something happens, where it never did; not scored.");
        }

        if (card.HindsightCount > 0)
        {
            lines.Add(string.Create(inv, $"Hindsight ({card.HindsightCount}): ")
                + "predictions about a period that had already ended when the article appeared; not scored.");
        }

        return lines;
    }

    private static string Bias(double? meanPercentError) => meanPercentError switch
    {
        null => "neither high nor low",
        >= 0 => "too high by " + meanPercentError.Value.ToString("0.0", CultureInfo.InvariantCulture) + "%",
        _ => "too low by " + Math.Abs(meanPercentError.Value).ToString("0.0", CultureInfo.InvariantCulture) + "%",
    };

    public static string CalibrationRow(CalibrationBucket b)
    {
        ArgumentNullException.ThrowIfNull(b);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{b.Label}: forecast {ScorecardFormatter.Percent(b.MeanPredicted)}, came true {ScorecardFormatter.Percent(b.ObservedRate)} "
                + $"(n={b.Count})");
    }

    public static string NoCalibration => "No scored predictions yet.";

    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Days(int n) => n == 1 ? "1 day" : n.ToString(CultureInfo.InvariantCulture) + " days";

    private static string Outcome(double? o) => o switch
    {
        1 => "YES",
        0 => "NO",
        { } f => "PARTIAL " + f.ToString("0.##", CultureInfo.InvariantCulture),
        null => "UNKNOWN",
    };
}
