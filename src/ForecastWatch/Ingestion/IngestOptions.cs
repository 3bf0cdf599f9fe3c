using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Ingestion;

/// <summary>How proposals reach the desk.</summary>
public enum ProposalMailMode
{
    /// <summary>One email per article with new proposals.</summary>
    PerArticle = 0,

    /// <summary>One email per ingest run with every article's new proposals.</summary>
    Digest = 1,
}

/// <summary>Fetching and proposal settings (section <c>ForecastWatch:Ingest</c>).</summary>
public sealed class IngestOptions
{
    public const string SectionName = "ForecastWatch:Ingest";

    /// <summary>
    /// Product token of the User-Agent (also the robots.txt group we obey). <value>Default:
    /// <c>ForecastWatch</c>.</value>
    /// </summary>
    public string UserAgent { get; set; } = "ForecastWatch";

    /// <summary>
    /// Contact address sent in the User-Agent (<c>ForecastWatch/0.1 (+mailto:...)</c>).
    /// <value>Default: none; the shipped config sets one.</value>
    /// </summary>
    public string? ContactAddress { get; set; }

    /// <summary>
    /// Allow private, loopback, link-local and other non-public addresses. <value>Default: <c>false</c>; tests
    /// only.</value>
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>Largest response body read, compressed or not. <value>Default: 5 MiB.</value></summary>
    public long MaxResponseBytes { get; set; } = 5L * 1024 * 1024;

    /// <summary>Time limit of one attempt (headers and body). <value>Default: 30 s.</value></summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time limit of one request with its retries. <value>Default: 2 minutes.</value></summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries of 5xx, 408, 429 and network errors, exponential with jitter. <value>Default: 2.</value></summary>
    public int RetryAttempts { get; set; } = 2;

    /// <summary>First retry delay (a Retry-After header wins, up to <see cref="MaxRetryDelay"/>). <value>Default: 2 s.</value></summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait before a retry; a longer Retry-After ends the attempt for this run. <value>Default: 30 s.</value></summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Redirects followed per request. <value>Default: 5.</value></summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Least time between two requests to one host. <value>Default: 1 s.</value></summary>
    public TimeSpan PerHostInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Obey robots.txt (RFC 9309). <value>Default: <c>true</c>.</value></summary>
    public bool RespectRobotsTxt { get; set; } = true;

    /// <summary>Longest robots.txt <c>Crawl-delay</c> honoured (a longer one is cut to this). <value>Default: 1 minute.</value></summary>
    public TimeSpan MaxCrawlDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The per-host circuit breaker (section <c>ForecastWatch:Ingest:CircuitBreaker</c>).</summary>
    public IngestCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>Feed items (newest first) looked at per source and run. <value>Default: 50.</value></summary>
    public int MaxItemsPerSource { get; set; } = 50;

    /// <summary>
    /// Where article texts and metadata are written, relative to the data directory. <value>Default:
    /// <c>articles</c>.</value>
    /// </summary>
    public string ArticleDirectory { get; set; } = "articles";

    /// <summary>Extractor confidence floor for proposals (0-1). <value>Default: 0.5.</value></summary>
    public double MinConfidence { get; set; } = 0.5;

    /// <summary><c>PerArticle</c> or <c>Digest</c>. <value>Default: <c>PerArticle</c>.</value></summary>
    public ProposalMailMode ProposalMail { get; set; } = ProposalMailMode.PerArticle;

    /// <summary>Who gets the proposals; empty means <c>ForecastWatch:Editors:DefaultDesk</c>. <value>Default: empty.</value></summary>
    public IList<string> DeskRecipients { get; } = [];

    /// <summary>The User-Agent header value.</summary>
    public string UserAgentHeader(string version) =>
        ContactAddress is { Length: > 0 } contact ? $"{UserAgent}/{version} (+mailto:{contact})" : $"{UserAgent}/{version}";
}

/// <summary>
/// One circuit per host: when at least <see cref="FailureRatio"/> of at least <see cref="MinimumThroughput"/> requests
/// in <see cref="SamplingDuration"/> failed (5xx, 408, 429, network errors, timeouts), requests to that host are not
/// sent for <see cref="BreakDuration"/>; then one trial request decides whether it closes again.
/// </summary>
public sealed class IngestCircuitBreakerOptions
{
    /// <summary><value>Default: 0.9.</value></summary>
    public double FailureRatio { get; set; } = 0.9;

    /// <summary><value>Default: 5.</value></summary>
    public int MinimumThroughput { get; set; } = 5;

    /// <summary><value>Default: 2 minutes.</value></summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary><value>Default: 5 minutes.</value></summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>What a source publishes.</summary>
public enum SourceKind
{
    /// <summary>Decide from the document: RSS 2.0, Atom 1.0, JSON Feed 1.x, or a sitemap.</summary>
    Auto = 0,
    Rss = 1,
    Atom = 2,
    JsonFeed = 3,
    Sitemap = 4,
}

/// <summary>One feed or sitemap (an entry of <c>ForecastWatch:Sources</c>).</summary>
public sealed class SourceOptions
{
    /// <summary>Short unique name (letters, digits, <c>-_.</c>), used in <c>forecastwatch sources</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>The feed or sitemap URL (http or https).</summary>
    public string Url { get; set; } = "";

    /// <summary><value>Default: <c>Auto</c>.</value></summary>
    public SourceKind Kind { get; set; }

    /// <summary>The outlet its articles belong to.</summary>
    public string Outlet { get; set; } = "";

    /// <summary>Authors when a page names none.</summary>
    public IList<string> Authors { get; } = [];

    /// <summary>Tags every proposal from this source gets.</summary>
    public IList<string> Tags { get; } = [];

    /// <summary>Editors who may resolve its predictions (empty: the routing rules decide).</summary>
    public IList<string> Editors { get; } = [];

    /// <summary>Language when a page does not say. <value>Default: <c>en</c>.</value></summary>
    public string Language { get; set; } = "en";

    /// <summary>A .NET regular expression an item URL must match to be kept (none: keep all).</summary>
    public string? UrlPattern { get; set; }

    /// <summary><value>Default: <c>true</c>.</value></summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>The configured sources (section <c>ForecastWatch:Sources</c>, a list).</summary>
public sealed class SourcesOptions
{
    public const string SectionName = "ForecastWatch:Sources";

    public IList<SourceOptions> Items { get; } = [];
}

/// <summary>Cross-field checks, each naming its key.</summary>
internal sealed partial class IngestOptionsValidator : IValidateOptions<IngestOptions>, IValidateOptions<SourcesOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        var failures = new List<string>();
        const string s = IngestOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.UserAgent) || !ProductToken().IsMatch(options.UserAgent))
        {
            failures.Add($"{s}:UserAgent '{options.UserAgent}' must be a product token (letters, digits, -_.).");
        }

        if (options.ContactAddress is { Length: > 0 } c
            && (c.Contains(' ', StringComparison.Ordinal) || !c.Contains('@', StringComparison.Ordinal)))
        {
            failures.Add($"{s}:ContactAddress '{c}' is not an email address.");
        }

        Check(failures, options.MaxResponseBytes is >= 1024 and <= 512L * 1024 * 1024,
            $"{s}:MaxResponseBytes must be between 1024 and 536870912.");
        Check(failures, options.AttemptTimeout > TimeSpan.Zero && options.AttemptTimeout <= TimeSpan.FromMinutes(10),
            $"{s}:AttemptTimeout must be between 0 and 10 minutes.");
        Check(failures, options.TotalTimeout >= options.AttemptTimeout && options.TotalTimeout <= TimeSpan.FromHours(1),
            $"{s}:TotalTimeout must be at least AttemptTimeout and at most 1 hour.");
        Check(failures, options.RetryAttempts is >= 0 and <= 10, $"{s}:RetryAttempts must be between 0 and 10.");
        Check(failures, options.RetryBaseDelay >= TimeSpan.Zero && options.RetryBaseDelay <= options.MaxRetryDelay,
            $"{s}:RetryBaseDelay must be between 0 and MaxRetryDelay.");
        Check(failures, options.MaxRetryDelay <= TimeSpan.FromMinutes(10), $"{s}:MaxRetryDelay must be at most 10 minutes.");
        Check(failures, options.MaxRedirects is >= 0 and <= 20, $"{s}:MaxRedirects must be between 0 and 20.");
        Check(failures, options.PerHostInterval >= TimeSpan.Zero && options.PerHostInterval <= TimeSpan.FromMinutes(10),
            $"{s}:PerHostInterval must be between 0 and 10 minutes.");
        Check(failures, options.MaxCrawlDelay >= TimeSpan.Zero && options.MaxCrawlDelay <= TimeSpan.FromMinutes(10),
            $"{s}:MaxCrawlDelay must be between 0 and 10 minutes.");
        var breaker = options.CircuitBreaker;
        Check(failures, breaker.FailureRatio is > 0 and <= 1, $"{s}:CircuitBreaker:FailureRatio must be above 0 and at most 1.");
        Check(failures, breaker.MinimumThroughput is >= 2 and <= 1000, $"{s}:CircuitBreaker:MinimumThroughput must be between 2 and 1000.");
        Check(failures, breaker.SamplingDuration >= TimeSpan.FromMilliseconds(500) && breaker.SamplingDuration <= TimeSpan.FromDays(1),
            $"{s}:CircuitBreaker:SamplingDuration must be between 0.5 seconds and 1 day.");
        Check(failures, breaker.BreakDuration >= TimeSpan.FromMilliseconds(500) && breaker.BreakDuration <= TimeSpan.FromDays(1),
            $"{s}:CircuitBreaker:BreakDuration must be between 0.5 seconds and 1 day.");
        Check(failures, options.MaxItemsPerSource is >= 1 and <= 100_000, $"{s}:MaxItemsPerSource must be between 1 and 100000.");
        Check(failures, options.MinConfidence is >= 0 and <= 1, $"{s}:MinConfidence must be between 0 and 1.");
        Check(failures, !string.IsNullOrWhiteSpace(options.ArticleDirectory), $"{s}:ArticleDirectory is required.");
        Check(failures, Enum.IsDefined(options.ProposalMail), $"{s}:ProposalMail must be PerArticle or Digest.");
        for (var i = 0; i < options.DeskRecipients.Count; i++)
        {
            Check(failures, options.DeskRecipients[i].Contains('@', StringComparison.Ordinal),
                $"{s}:DeskRecipients:{i} '{options.DeskRecipients[i]}' is not an email address.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public ValidateOptionsResult Validate(string? name, SourcesOptions options)
    {
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Items.Count; i++)
        {
            var src = options.Items[i];
            var key = $"{SourcesOptions.SectionName}:{i}";
            if (!ProductToken().IsMatch(src.Name))
            {
                failures.Add($"{key}:Name '{src.Name}' is required: letters, digits and -_. only.");
            }
            else if (!names.Add(src.Name))
            {
                failures.Add($"{key}:Name '{src.Name}' is used by another source.");
            }

            if (!Uri.TryCreate(src.Url, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{key}:Url '{src.Url}' must be an absolute http or https URL.");
            }

            Check(failures, !string.IsNullOrWhiteSpace(src.Outlet), $"{key}:Outlet is required.");
            Check(failures, Enum.IsDefined(src.Kind), $"{key}:Kind must be Auto, Rss, Atom, JsonFeed or Sitemap.");
            Check(failures, !string.IsNullOrWhiteSpace(src.Language), $"{key}:Language is required.");
            if (src.UrlPattern is { Length: > 0 } pattern)
            {
                try
                {
                    _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException ex)
                {
                    failures.Add($"{key}:UrlPattern is not a valid regular expression: {ex.Message}");
                }
            }

            foreach (var editor in src.Editors)
            {
                Check(failures, editor.Contains('@', StringComparison.Ordinal), $"{key}:Editors '{editor}' is not an email address.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, bool ok, string message)
    {
        if (!ok)
        {
            failures.Add(message);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ProductToken();
}
