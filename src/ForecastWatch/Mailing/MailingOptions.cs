using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing;

/// <summary>Outgoing mail settings (section <c>ForecastWatch:Mailing</c>).</summary>
public sealed class MailingOptions
{
    public const string SectionName = "ForecastWatch:Mailing";

    /// <summary>The environment variable that carries <see cref="TokenSecret"/>; it is never read from a file.</summary>
    public const string TokenSecretEnvironmentVariable = "ForecastWatch__Mailing__TokenSecret";

    /// <summary>
    /// <c>directory</c> (each message an .eml file in DATA/outbox) or <c>smtp</c> (the server in <c>Mail:Smtp</c>).
    /// <value>Default: <c>directory</c>.</value>
    /// </summary>
    public string Transport { get; set; } = MailTransports.Directory;

    /// <summary>
    /// The From address of every mail we send. <value>Default: <c>ForecastWatch
    /// &lt;forecastwatch@example.test&gt;</c>.</value>
    /// </summary>
    public string From { get; set; } = "ForecastWatch <forecastwatch@example.test>";

    /// <summary>
    /// The desk mailbox replies go to; prompts use <c>local+&lt;token&gt;@domain</c> built from it. <value>Default:
    /// <c>desk@example.test</c>.</value>
    /// </summary>
    public string DeskAddress { get; set; } = "desk@example.test";

    /// <summary>Right-hand side of our Message-IDs. <value>Default: <c>example.test</c>.</value></summary>
    public string MessageIdDomain { get; set; } = "example.test";

    /// <summary>Our loop-detection header, set on every mail we send. <value>Default: <c>X-ForecastWatch-Loop</c>.</value></summary>
    public string LoopHeader { get; set; } = "X-ForecastWatch-Loop";

    /// <summary>
    /// HMAC key for reply tokens, from the environment variable <c>ForecastWatch__Mailing__TokenSecret</c> only
    /// (at least 16 characters). When unset, a random per-data-directory key is created in DATA/token-secret with
    /// a warning (development default). <value>Default: none.</value>
    /// </summary>
    public string? TokenSecret { get; set; }

    /// <summary>
    /// Where the directory transport writes; relative paths are under the data directory. <value>Default:
    /// <c>outbox</c>.</value>
    /// </summary>
    public string OutboxDirectory { get; set; } = "outbox";

    /// <summary>Messages handled per delivery run. <value>Default: 50.</value></summary>
    public int DeliveryBatchSize { get; set; } = 50;

    /// <summary>In-process retries of one message within a delivery run (transient failures only). <value>Default: 3.</value></summary>
    public int RetryAttempts { get; set; } = 3;

    /// <summary>First retry delay; doubles per attempt, with jitter. <value>Default: 2 seconds.</value></summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Delay before a message that is still failing transiently is tried again by a later delivery run; doubles per
    /// run up to <see cref="MaxRequeueDelay"/>. <value>Default: 1 minute.</value>
    /// </summary>
    public TimeSpan RequeueDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Cap on the requeue delay. <value>Default: 1 hour.</value></summary>
    public TimeSpan MaxRequeueDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long the circuit stays open after the server keeps failing. <value>Default: 1 minute.</value></summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// PostgreSQL store: how long a delivery run holds the outbox rows it claimed, renewed before each message; a
    /// worker that dies releases its rows after this. Longer than one message's send with its retries.
    /// <value>Default: 5 minutes.</value>
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Per-send time limit. <value>Default: 60 seconds.</value></summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// With the <c>smtp</c> transport, accept addresses at reserved example domains (<c>example.*</c>, <c>*.example</c>,
    /// <c>*.invalid</c>): for test mail servers only. <value>Default: false (such addresses stop the start).</value>
    /// </summary>
    public bool AllowReservedDomains { get; set; }
}

/// <summary>Transport names accepted by <see cref="MailingOptions.Transport"/>.</summary>
public static class MailTransports
{
    public const string Directory = "directory";
    public const string Smtp = "smtp";
}

internal sealed class MailingOptionsValidator : IValidateOptions<MailingOptions>
{
    public ValidateOptionsResult Validate(string? name, MailingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string p = MailingOptions.SectionName + ":";
        var errors = new List<string>();
        if (options.Transport is not (MailTransports.Directory or MailTransports.Smtp))
        {
            errors.Add($"{p}Transport must be 'directory' or 'smtp', was '{options.Transport}'.");
        }

        OptionsChecks.Address(errors, p + "From", options.From);
        OptionsChecks.Address(errors, p + "DeskAddress", options.DeskAddress);
        if (MailAddressText.Extract(options.DeskAddress) is { } desk && desk.Contains('+', StringComparison.Ordinal))
        {
            errors.Add($"{p}DeskAddress must not contain '+': the reply token is added after it.");
        }

        if (string.IsNullOrWhiteSpace(options.MessageIdDomain) || options.MessageIdDomain.Any(c => c is '@' or '<' or '>' or ' '))
        {
            errors.Add($"{p}MessageIdDomain is required and must be a bare domain (e.g. example.test).");
        }

        if (string.IsNullOrWhiteSpace(options.LoopHeader) || !options.LoopHeader.StartsWith("X-", StringComparison.OrdinalIgnoreCase)
            || options.LoopHeader.Any(c => c <= ' ' || c == ':' || c > '~'))
        {
            errors.Add($"{p}LoopHeader is required and must be a header name starting with X- (e.g. X-ForecastWatch-Loop).");
        }

        if (options.TokenSecret is { } secret && secret.Trim().Length < 16)
        {
            errors.Add($"{p}TokenSecret (env {MailingOptions.TokenSecretEnvironmentVariable}) must be at least 16 characters.");
        }

        if (string.IsNullOrWhiteSpace(options.OutboxDirectory))
        {
            errors.Add($"{p}OutboxDirectory is required.");
        }

        OptionsChecks.Range(errors, p + "DeliveryBatchSize", options.DeliveryBatchSize, 1, 10_000);
        OptionsChecks.Range(errors, p + "RetryAttempts", options.RetryAttempts, 1, 20);
        OptionsChecks.Positive(errors, p + "RetryBaseDelay", options.RetryBaseDelay);
        OptionsChecks.Positive(errors, p + "RequeueDelay", options.RequeueDelay);
        OptionsChecks.Positive(errors, p + "MaxRequeueDelay", options.MaxRequeueDelay);
        OptionsChecks.Positive(errors, p + "ClaimLease", options.ClaimLease);
        OptionsChecks.Positive(errors, p + "SendTimeout", options.SendTimeout);
        if (options.BreakDuration < TimeSpan.FromMilliseconds(500))
        {
            errors.Add($"{p}BreakDuration must be at least 00:00:00.5.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal static class OptionsChecks
{
    public static void Address(List<string> errors, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{key} is required.");
        }
        else if (MailAddressText.Extract(value) is null)
        {
            errors.Add($"{key} is not an email address: '{value}'.");
        }
    }

    public static void Range(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} must be between {min} and {max}, was {value}.");
        }
    }

    public static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{key} must be a positive duration (hh:mm:ss), was {value}.");
        }
    }
}

/// <summary>Minimal handling of "Name &lt;addr&gt;" strings from configuration (not a general RFC 5322 parser).</summary>
internal static class MailAddressText
{
    /// <summary>The bare addr-spec, lower-cased, or null if it does not look like local@domain.</summary>
    public static string? Extract(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        var lt = text.LastIndexOf('<');
        if (lt >= 0)
        {
            var gt = text.IndexOf('>', lt);
            if (gt < 0)
            {
                return null;
            }

            text = text[(lt + 1)..gt].Trim();
        }

        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1 || text.Any(c => c <= ' ' || c is '<' or '>' or ',' or ';'))
        {
            return null;
        }

        return text.ToLowerInvariant();
    }

    /// <summary>The display name of "Name &lt;addr&gt;", or null.</summary>
    public static string? DisplayName(string value)
    {
        var lt = value.LastIndexOf('<');
        if (lt <= 0)
        {
            return null;
        }

        var name = value[..lt].Trim().Trim('"').Trim();
        return name.Length == 0 ? null : name;
    }
}
