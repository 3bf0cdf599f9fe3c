using Microsoft.Extensions.Options;

namespace ForecastWatch.Inbound;

/// <summary>How replies are read (section <c>ForecastWatch:Inbox</c>).</summary>
public sealed class InboxOptions
{
    public const string SectionName = "ForecastWatch:Inbox";

    /// <summary>
    /// <c>maildir</c> (the embedded default, <see cref="MaildirPath"/>) or <c>imap</c> (server from the mail server
    /// options). <value>Default: <c>maildir</c>.</value>
    /// </summary>
    public string Source { get; set; } = InboxSources.Maildir;

    /// <summary>
    /// The Maildir read by the <c>maildir</c> source; relative paths are under the data directory. <value>Default:
    /// <c>inbox</c>.</value>
    /// </summary>
    public string MaildirPath { get; set; } = "inbox";

    /// <summary>
    /// Where a message is staged while it is read (the raw bytes are stored in the database), and where versions before
    /// migration 0019 kept them as files (still read, and copied into the database when first needed); relative paths
    /// are under the data directory. <value>Default: <c>raw</c>.</value>
    /// </summary>
    public string RawDirectory { get; set; } = "raw";

    /// <summary>
    /// The largest message stored and decided, in bytes. A larger one is recorded as rejected (<c>TooLarge</c>, with its
    /// size), not stored, not answered, and filed in the rejected folder, where it stays on the mail server.
    /// <value>Default: 67108864 (64 MiB).</value>
    /// </summary>
    public long MaxMessageSize { get; set; } = RawMailStore.DefaultMaxSize;

    /// <summary>The IMAP folder replies arrive in. <value>Default: <c>INBOX</c>.</value></summary>
    public string ImapFolder { get; set; } = "INBOX";

    /// <summary>
    /// IMAP folder for messages that were applied or ignored (created if missing). <value>Default:
    /// <c>ForecastWatch/Processed</c>.</value>
    /// </summary>
    public string ProcessedFolder { get; set; } = "ForecastWatch/Processed";

    /// <summary>
    /// IMAP folder for refused or held messages (created if missing). <value>Default:
    /// <c>ForecastWatch/Rejected</c>.</value>
    /// </summary>
    public string RejectedFolder { get; set; } = "ForecastWatch/Rejected";

    /// <summary>How often <c>inbox process</c> looks for mail when the server offers no IDLE. <value>Default: 1 minute.</value></summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Wait with IMAP IDLE (RFC 2177) between polls when the server offers it. <value>Default: true.</value></summary>
    public bool UseIdle { get; set; } = true;

    /// <summary>
    /// How long one IDLE command lasts before it is ended and re-issued (RFC 2177: servers may drop a client idle
    /// for 30 minutes, and some proxies sooner). <value>Default: 25 minutes.</value>
    /// </summary>
    public TimeSpan IdleRefresh { get; set; } = TimeSpan.FromMinutes(25);

    /// <summary>
    /// <c>forecastwatch run</c> keeps one connection to the inbox open and reads a reply as soon as it arrives (IDLE,
    /// else polling every <see cref="PollInterval"/>) instead of running the inbox job on <see cref="Cron"/>.
    /// <value>Default: true.</value>
    /// </summary>
    public bool Watch { get; set; } = true;

    /// <summary>Messages handled per run; the rest wait for the next run. <value>Default: 500.</value></summary>
    public int MaxMessagesPerRun { get; set; } = 500;

    /// <summary>
    /// Our mail server's authserv-id in Authentication-Results (RFC 8601); empty to ignore those fields.
    /// <value>Default: none.</value>
    /// </summary>
    public string? AuthServId { get; set; }

    /// <summary>
    /// Require dmarc=pass, or a dkim=pass whose signing domain is aligned with the From domain, from
    /// <see cref="AuthServId"/>. A reply whose only pass is an unaligned signature is held for review. <value>Default: false.</value>
    /// </summary>
    public bool RequireAuthentication { get; set; }

    /// <summary>
    /// DKIM identifier alignment (RFC 7489 section 3.1.1): <c>relaxed</c> (same organizational domain, e.g.
    /// <c>mail.example.com</c> for <c>example.com</c>) or <c>strict</c> (the same domain). <value>Default: <c>relaxed</c>.</value>
    /// </summary>
    public string DkimAlignment { get; set; } = DkimAlignments.Relaxed;

    /// <summary>
    /// What proves the sender: <c>authentication-results</c> (our server's, see <see cref="AuthServId"/>), <c>dkim</c>
    /// (the worker verifies DKIM signatures itself, keys from DNS, and ARC seals of <see cref="TrustedArcSealers"/>;
    /// authentication is then required, a failed DNS lookup holds the reply) or <c>none</c> (the From address is
    /// believed: for closed networks only). <value>Default: <c>authentication-results</c>.</value>
    /// </summary>
    public string Authentication { get; set; } = SenderAuthentications.AuthenticationResults;

    /// <summary>
    /// DNS servers for DKIM keys, <c>host</c> or <c>host:port</c>; empty for the system's. <value>Default:
    /// empty.</value>
    /// </summary>
    public List<string> DnsServers { get; set; } = [];

    /// <summary>Timeout of one DNS query for a DKIM key. <value>Default: 5 seconds.</value></summary>
    public TimeSpan DnsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Domains whose ARC seals (mailing lists, forwarders) are trusted to carry the original authentication.
    /// <value>Default: empty.</value>
    /// </summary>
    public List<string> TrustedArcSealers { get; set; } = [];
}

/// <summary>Names accepted by <see cref="InboxOptions.Authentication"/>.</summary>
public static class SenderAuthentications
{
    public const string AuthenticationResults = "authentication-results";
    public const string Dkim = "dkim";
    public const string None = "none";

    internal static SenderAuthenticationMode Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        Dkim => SenderAuthenticationMode.Dkim,
        None => SenderAuthenticationMode.None,
        _ => SenderAuthenticationMode.AuthenticationResults,
    };

    public static bool IsValid(string? value) => value?.Trim().ToLowerInvariant() is AuthenticationResults or Dkim or None;

    /// <summary>
    /// Parses <c>host</c>, <c>host:port</c> or <c>[v6]:port</c> (port 53 by default); false when it is not an IP
    /// endpoint.
    /// </summary>
    public static bool TryParseServer(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out System.Net.IPEndPoint? endPoint)
    {
        endPoint = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = text.Trim();
        if (System.Net.IPAddress.TryParse(t, out var address))
        {
            endPoint = new System.Net.IPEndPoint(address, 53);
            return true;
        }

        return System.Net.IPEndPoint.TryParse(t, out endPoint);
    }
}

/// <summary>Names accepted by <see cref="InboxOptions.DkimAlignment"/>.</summary>
public static class DkimAlignments
{
    public const string Relaxed = "relaxed";
    public const string Strict = "strict";

    /// <summary>The domain value for a validated option value.</summary>
    public static Domain.Replies.DkimAlignment Parse(string value) =>
        string.Equals(value?.Trim(), Strict, StringComparison.OrdinalIgnoreCase) ? Domain.Replies.DkimAlignment.Strict
            : Domain.Replies.DkimAlignment.Relaxed;

    public static bool IsValid(string? value) =>
        string.Equals(value?.Trim(), Relaxed, StringComparison.OrdinalIgnoreCase)
            || string.Equals(value?.Trim(), Strict, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Names accepted by <see cref="InboxOptions.Source"/>.</summary>
public static class InboxSources
{
    public const string Maildir = "maildir";
    public const string Imap = "imap";
}

internal sealed class InboxOptionsValidator : IValidateOptions<InboxOptions>
{
    public ValidateOptionsResult Validate(string? name, InboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string p = InboxOptions.SectionName + ":";
        var errors = new List<string>();
        if (options.Source is not (InboxSources.Maildir or InboxSources.Imap))
        {
            errors.Add($"{p}Source must be '{InboxSources.Maildir}' or '{InboxSources.Imap}', was '{options.Source}'.");
        }

        foreach (var (key, value) in (ReadOnlySpan<(string, string)>)[("MaildirPath", options.MaildirPath),
            ("RawDirectory", options.RawDirectory), ("ImapFolder", options.ImapFolder), ("ProcessedFolder", options.ProcessedFolder),
            ("RejectedFolder", options.RejectedFolder)])
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"{p}{key} is required.");
            }
        }

        if (options.PollInterval < TimeSpan.FromSeconds(1) || options.PollInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"{p}PollInterval must be between 00:00:01 and 1.00:00:00, was {options.PollInterval}.");
        }

        if (options.IdleRefresh < TimeSpan.FromSeconds(10) || options.IdleRefresh >= TimeSpan.FromMinutes(29))
        {
            errors.Add($"{p}IdleRefresh must be at least 00:00:10 and under 00:29:00 (RFC 2177), was {options.IdleRefresh}.");
        }

        if (options.MaxMessageSize is < 64 * 1024 or > 512L * 1024 * 1024)
        {
            errors.Add($"{p}MaxMessageSize must be between 65536 (64 KiB) and 536870912 (512 MiB) bytes, was {options.MaxMessageSize}.");
        }

        if (options.MaxMessagesPerRun is < 1 or > 100_000)
        {
            errors.Add($"{p}MaxMessagesPerRun must be between 1 and 100000, was {options.MaxMessagesPerRun}.");
        }

        if (options.RequireAuthentication && string.IsNullOrWhiteSpace(options.AuthServId))
        {
            errors.Add($"{p}RequireAuthentication needs {p}AuthServId (our mail server's authserv-id).");
        }

        if (!SenderAuthentications.IsValid(options.Authentication))
        {
            errors.Add($"{p}Authentication must be '{SenderAuthentications.AuthenticationResults}', '{SenderAuthentications.Dkim}' or "
                + $"'{SenderAuthentications.None}', was '{options.Authentication}'.");
        }

        foreach (var server in options.DnsServers)
        {
            if (!SenderAuthentications.TryParseServer(server, out _))
            {
                errors.Add($"{p}DnsServers: '{server}' is not an IP address with an optional port.");
            }
        }

        if (options.DnsTimeout < TimeSpan.FromMilliseconds(100) || options.DnsTimeout > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{p}DnsTimeout must be between 00:00:00.1 and 00:01:00, was {options.DnsTimeout}.");
        }

        if (!DkimAlignments.IsValid(options.DkimAlignment))
        {
            errors.Add($"{p}DkimAlignment must be '{DkimAlignments.Relaxed}' or '{DkimAlignments.Strict}', was '{options.DkimAlignment}'.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
