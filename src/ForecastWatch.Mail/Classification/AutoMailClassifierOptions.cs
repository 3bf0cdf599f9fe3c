namespace ForecastWatch.Mail.Classification;

/// <summary>What identifies our own outgoing mail, so that it is never treated as a person's reply.</summary>
public sealed class AutoMailClassifierOptions
{
    /// <summary>The name of our loop-detection header (any value counts). <value>Default: none.</value></summary>
    public string? LoopHeaderName { get; set; }

    /// <summary>Domains of the Message-IDs we generate. <value>Default: empty.</value></summary>
    public IList<string> OwnMessageIdDomains { get; } = [];
}
