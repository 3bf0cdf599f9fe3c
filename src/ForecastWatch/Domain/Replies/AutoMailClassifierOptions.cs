namespace ForecastWatch.Domain.Replies;

/// <summary>What identifies our own outgoing mail, so that it is never treated as a person's reply.</summary>
internal sealed class AutoMailClassifierOptions
{
    /// <summary>The name of our loop-detection header (any value counts). <value>Default: none.</value></summary>
    public string? LoopHeaderName { get; set; }

    /// <summary>Domains of the Message-IDs we generate. <value>Default: empty.</value></summary>
    public IList<string> OwnMessageIdDomains { get; } = [];

    /// <summary>
    /// The local-part prefix of the Message-IDs we generate (such as <c>fw.</c>). When set, only ids with this prefix
    /// on one of <see cref="OwnMessageIdDomains"/> are ours, so people writing from the same domain are not mistaken
    /// for our own mail. <value>Default: none (any id on our domains).</value>
    /// </summary>
    public string? OwnMessageIdPrefix { get; set; }
}
