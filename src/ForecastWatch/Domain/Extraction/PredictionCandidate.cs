using ForecastWatch.Domain.Dates;

namespace ForecastWatch.Domain.Extraction;

/// <summary>What a candidate claims: that something happens, that a number crosses a line, or that it lands in a range.</summary>
public enum CandidateKind
{
    Event = 0,
    Threshold = 1,
    Range = 2,
}

/// <summary>Where in the article the candidate was read.</summary>
public enum CandidateSource
{
    Prose = 0,

    /// <summary>A numbered or labelled verdict: "Prediction 3: ...", "Our forecast: ...".</summary>
    Verdict = 1,

    /// <summary>A "What to watch" / "Looking ahead" / "Outlook" paragraph.</summary>
    Outlook = 2,

    /// <summary>A row of a markdown-style table under a forecast column.</summary>
    Table = 3,
}

/// <summary>
/// A proposed prediction. <see cref="Start"/>/<see cref="End"/> are offsets into the ORIGINAL text
/// (<c>text[Start..End] == Quote</c>). <see cref="Probability"/> comes from a stated number when there is one,
/// otherwise from the hedge words (<see cref="EstimativeLanguage"/>); <see cref="Hedge"/> keeps the words it came from.
/// </summary>
public sealed record PredictionCandidate
{
    public required string Quote { get; init; }

    public required int Start { get; init; }

    public required int End { get; init; }

    /// <summary>One normalized sentence: labels and discourse markers dropped, the horizon written as a date.</summary>
    public required string Claim { get; init; }

    /// <summary>The horizon words as written ("within 12 months", "2026 Q1"), or the vague phrase for undated claims.</summary>
    public string? Horizon { get; init; }

    public DateOnly? ResolveBy { get; init; }

    public DateOnly? Earliest { get; init; }

    public DatePrecision? Precision { get; init; }

    /// <summary>True when no resolve-by date could be computed: an editor has to give one.</summary>
    public bool Undated => ResolveBy is null;

    /// <summary>
    /// Why a claim with horizon words is undated anyway: "by September" in an article dated only to a year could be
    /// either of two Septembers. Null when the claim is dated or simply has no horizon.
    /// </summary>
    public string? UndatedReason { get; init; }

    /// <summary>The horizon ended before the article was published (kept, flagged).</summary>
    public bool EndsBeforePublication { get; init; }

    public CandidateKind Kind { get; init; }

    public string? Metric { get; init; }

    /// <summary>"&gt;", "&gt;=", "&lt;", "&lt;=" or "=" for thresholds.</summary>
    public string? Comparator { get; init; }

    public decimal? Threshold { get; init; }

    public decimal? Low { get; init; }

    public decimal? High { get; init; }

    /// <summary>"%", a currency code ("USD"), or the counted noun ("labs", "seats").</summary>
    public string? Unit { get; init; }

    /// <summary>The words the probability was read from ("will", "likely", "a 70% chance").</summary>
    public string? Hedge { get; init; }

    public double? Probability { get; init; }

    /// <summary>
    /// For conditional claims, the condition clause ("if more than 15% of their senior researchers leave within six
    /// months").
    /// </summary>
    public string? Condition { get; init; }

    /// <summary>The condition's own quantity and horizon, when <see cref="Condition"/> was read from the sentence.</summary>
    public CandidateCondition? ConditionDetail { get; init; }

    /// <summary>How sure the extractor is that this is a checkable prediction (0-1).</summary>
    public double Confidence { get; init; }

    public CandidateSource Source { get; init; }

    /// <summary>The horizon is counted from the publication date ("next year"), not a calendar date ("by 2029").</summary>
    internal bool RelativeHorizon { get; init; }
}

/// <summary>
/// A conditional claim's condition as the scoring side models it (the manifest's <c>condition*</c> fields, stored as
/// <c>ConditionSpec</c>): an event, or a quantity of its own ("mortgage rates below 4%"), with its own horizon.
/// </summary>
public sealed record CandidateCondition(string Text)
{
    public CandidateKind Kind { get; init; }

    public string? Metric { get; init; }

    public string? Comparator { get; init; }

    public decimal? Threshold { get; init; }

    public decimal? Low { get; init; }

    public decimal? High { get; init; }

    public string? Unit { get; init; }

    /// <summary>The condition's horizon words ("by the summer"), when it has one.</summary>
    public string? Horizon { get; init; }

    public DateOnly? ResolveBy { get; init; }

    /// <summary>The horizon is counted from the publication date.</summary>
    public bool RelativeHorizon { get; init; }

    /// <summary>
    /// The condition holds when the event or quantity in <see cref="Text"/> did NOT happen ("unless the strike ends",
    /// "barring a recession", "if inflation fails to fall below 3%"): <see cref="Text"/> names the event itself.
    /// </summary>
    public bool Negated { get; init; }
}

/// <summary>1-based inclusive line range to treat as page furniture (from article metadata).</summary>
public readonly record struct LineRange(int StartLine, int EndLine);

/// <summary>What the extractor read and what it skipped.</summary>
/// <param name="Candidates">Candidates at or above the confidence floor, in text order.</param>
/// <param name="Notes">Why nothing (or less) was read (binary input, other language, size limit), and why a candidate
/// with horizon words is undated.</param>
public sealed record ExtractionResult(IReadOnlyList<PredictionCandidate> Candidates, IReadOnlyList<string> Notes);

/// <summary>Knobs for <see cref="PredictionExtractor"/>.</summary>
public sealed record ExtractionOptions
{
    public static ExtractionOptions Default { get; } = new();

    /// <summary>Candidates below this confidence are dropped (default 0.5; 0 keeps everything).</summary>
    public double MinConfidence { get; init; } = 0.5;

    /// <summary>Inputs longer than this many characters are refused with a note (default 32 M characters).</summary>
    public int MaxChars { get; init; } = 32 * 1024 * 1024;

    /// <summary>Line ranges already known to be boilerplate (from the article's metadata).</summary>
    public IReadOnlyList<LineRange> ExcludedLines { get; init; } = [];

    /// <summary>
    /// The page's title from its metadata, when the text may not carry it: read for the period the article is about
    /// ("2027 outlook", "Winter Outlook") with the text's own head lines (<see cref="ArticleFrame"/>).
    /// </summary>
    public string? Title { get; init; }
}
