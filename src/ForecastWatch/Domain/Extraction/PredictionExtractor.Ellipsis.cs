using System.Text.RegularExpressions;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Horizons;

namespace ForecastWatch.Domain.Extraction;

/// <summary>
/// Elliptical forecasts whose verb and subject are in the sentence before: a verbless value ("Calgary prices are
/// forecast to rise 8 per cent in 2027. Edmonton, 6 per cent.") and a sentence that repeats the forecast for another
/// date ("Growth is expected at 1.9% in 2027. The same is expected for 2028.").
/// </summary>
public static partial class PredictionExtractor
{
    [GeneratedRegex(@"^\s*(?:and\s+|but\s+)?(?:the\s+same|likewise|similarly|so\s+too|ditto)\b", Options,
        matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex SameAsBefore();

    /// <summary>A verb of the present, or "now": a sentence with one states a level of its own ("It's at 32.9% now").</summary>
    [GeneratedRegex(@"\b(?:is|are|am|be|been|has|have|now|currently|today|so\s+far|up|down|stands?|sits?|remains?|helps?|hovers?|runs?|"
        + @"reads?|trades?|says?|said)\b|['\u2019]s\s|\w+(?:ed|ing)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex OwnVerb();

    /// <summary>
    /// What an elliptical sentence adds to <paramref name="found"/> (or <paramref name="found"/> unchanged): the previous
    /// sentence must have been a forecast with a value. A verbless sentence (no cue, no past verb, at most 100
    /// characters) with a value of the same kind and unit and no date behind us becomes a forecast with the previous
    /// one's metric and, when it names none, its date; "the same" with a date of its own takes the previous value.
    /// </summary>
    private static List<PredictionCandidate>? Elliptical(string text, Span sentence, PartialDate published, PredictionCandidate? previous,
        List<PredictionCandidate>? found)
    {
        if (previous is null || ReferenceEquals(previous, Elaboration) || (previous.Threshold is null && previous.Low is null))
        {
            return found;
        }

        var raw = text.Substring(sentence.Start, sentence.Length);
        var s = raw.Trim();
        if (found is [{ Kind: CandidateKind.Event, Threshold: null, Low: null, ResolveBy: not null } same]
            && !ReferenceEquals(same, Elaboration) && same.ResolveBy != previous.ResolveBy && Bounded(() => SameAsBefore().IsMatch(s)))
        {
            return
            [
                same with
                {
                    Kind = previous.Kind, Comparator = previous.Comparator, Threshold = previous.Threshold, Low = previous.Low,
                    High = previous.High, Unit = previous.Unit, Metric = previous.Metric,
                    Claim = same.Claim.TrimEnd('.') + " (as in: " + previous.Claim.TrimEnd('.') + ").",
                },
            ];
        }

        if (found is { Count: > 0 } || s.Length is < 6 or > 100 || s[^1] == '?' || !s.AsSpan().ContainsAny(Digits)
            || FirstCue(s, out _) is not null
            || Bounded(() => PastTense().IsMatch(s) || Normative().IsMatch(s) || OwnVerb().IsMatch(s))
            || IsTrapLine(s))
        {
            return found;
        }

        var horizons = HorizonParser.FindAll(s, published);
        if (horizons.Any(static h => h.Horizon.EndsBeforePublication))
        {
            return found;
        }

        var mask = new bool[s.Length + 1];
        foreach (var h in horizons)
        {
            Array.Fill(mask, true, h.Start, h.Length);
        }

        var q = QuantityReader.Read(s, mask, -1, -1);
        if (q is null || q.Kind != previous.Kind || !string.Equals(q.Unit, previous.Unit, StringComparison.OrdinalIgnoreCase))
        {
            return found;
        }

        var own = horizons.FirstOrDefault(static h => h.Horizon.Kind != HorizonKind.Duration)?.Horizon;
        var start = sentence.Start + (raw.Length - raw.TrimStart().Length);
        return
        [
            previous with
            {
                Quote = s,
                Start = start,
                End = start + s.Length,
                Claim = s.TrimEnd('.') + " (as in: " + previous.Claim.TrimEnd('.') + ").",
                Comparator = q.Comparator,
                Threshold = q.Value,
                Low = q.Low,
                High = q.High,
                Horizon = own?.Text ?? previous.Horizon,
                ResolveBy = own?.ResolveBy ?? previous.ResolveBy,
                Earliest = own is null ? previous.Earliest : own.Earliest,
                Precision = own?.Precision ?? previous.Precision,
                RelativeHorizon = own?.Relative ?? previous.RelativeHorizon,
                Confidence = Math.Max(0.5, previous.Confidence - 0.1),
            },
        ];
    }
}
