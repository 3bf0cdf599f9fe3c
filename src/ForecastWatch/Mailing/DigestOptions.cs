using ForecastWatch.Domain.Digest;
using ForecastWatch.Domain.Scoring;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing;

/// <summary>The scheduled digest mail (section <c>ForecastWatch:Digest</c>; its schedule is <c>ForecastWatch:Jobs:digest</c>).</summary>
public sealed class DigestOptions
{
    public const string SectionName = "ForecastWatch:Digest";

    /// <summary>Who gets the digest. <value>Default: nobody, and then no digest is scheduled or sent.</value></summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>
    /// Record a period without mailing when nothing was resolved, bounced, overdue or due. <value>Default:
    /// false.</value>
    /// </summary>
    public bool SkipWhenQuiet { get; set; }

    /// <summary>
    /// What the digest's scorecard groups by: outlet, author, article, tag, hedge or horizon. <value>Default:
    /// outlet.</value>
    /// </summary>
    public string Dimension { get; set; } = "outlet";

    /// <summary>"Falls due in the next N days". <value>Default: 30.</value></summary>
    public int DueSoonDays { get; set; } = DigestSettings.DefaultDueSoonDays;

    /// <summary>Longer sections show this many items. <value>Default: 25.</value></summary>
    public int MaxItemsPerSection { get; set; } = DigestSettings.DefaultMaxItemsPerSection;

    /// <summary>Groups with fewer scored predictions are labelled small samples. <value>Default: 5.</value></summary>
    public int MinSample { get; set; } = ScoringSettings.DefaultMinSample;

    public bool IsEnabled => Recipients.Count > 0;
}

internal sealed class DigestOptionsValidator : IValidateOptions<DigestOptions>
{
    public ValidateOptionsResult Validate(string? name, DigestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string p = DigestOptions.SectionName + ":";
        var errors = new List<string>();
        for (var i = 0; i < options.Recipients.Count; i++)
        {
            OptionsChecks.Address(errors, $"{p}Recipients:{i}", options.Recipients[i]);
        }

        if (!ScoreDimensions.TryParse(options.Dimension, out _))
        {
            errors.Add($"{p}Dimension: '{options.Dimension}' is not one of outlet, author, article, tag, hedge, horizon.");
        }

        OptionsChecks.Range(errors, p + "DueSoonDays", options.DueSoonDays, 1, 366);
        OptionsChecks.Range(errors, p + "MaxItemsPerSection", options.MaxItemsPerSection, 1, 1000);
        OptionsChecks.Range(errors, p + "MinSample", options.MinSample, 1, 1_000_000);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
