using System.Globalization;
using System.Text;

namespace ForecastWatch.Ingestion;

/// <summary>
/// A parsed robots.txt (RFC 9309). The groups whose user-agent is our product token are merged (compared without case
/// and without a version: <c>ForecastWatch/1.0</c> names us), else the <c>*</c> groups; a group is one or more
/// user-agent lines followed by its rules. The longest matching Allow/Disallow pattern wins, Allow on a tie; <c>*</c>
/// anywhere and a final <c>$</c> are understood, and paths are compared after percent-encoding normalization.
/// <c>Crawl-delay</c> (not in the RFC, widely used) of the chosen groups is kept; <c>/robots.txt</c> is always allowed.
/// </summary>
internal sealed class RobotsTxt
{
    public static readonly RobotsTxt AllowAll = new([], null);

    /// <summary>What an unreachable robots.txt means (RFC 9309 section 2.3.1.4): nothing may be fetched.</summary>
    public static readonly RobotsTxt DisallowAll = new([(false, "/")], null);

    private readonly IReadOnlyList<(bool Allow, string Pattern)> _rules;

    private RobotsTxt(IReadOnlyList<(bool Allow, string Pattern)> rules, TimeSpan? crawlDelay)
    {
        _rules = rules;
        CrawlDelay = crawlDelay;
    }

    /// <summary>The <c>Crawl-delay</c> of the group that applies to us, if it states one (the largest, if several do).</summary>
    public TimeSpan? CrawlDelay { get; }

    public static RobotsTxt Parse(string text, string productToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(productToken);
        var groups = new List<Group>();
        Group? current = null;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine;
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                line = line[..hash];
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "user-agent" or "useragent" or "user agent":
                    // A user-agent line after rules starts the next group; consecutive ones share a group.
                    if (current is null || current.HasRules)
                    {
                        current = new Group();
                        groups.Add(current);
                    }

                    current.Agents.Add(AgentName(value));
                    break;
                case "allow" or "disallow" when current is not null:
                    current.HasRules = true;
                    // An empty Disallow allows everything: it is no rule at all.
                    if (value.Length > 0)
                    {
                        current.Rules.Add((key == "allow", Normalize(value)));
                    }

                    break;
                case "crawl-delay" or "crawldelay" when current is not null:
                    current.HasRules = true;
                    if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                        && seconds is >= 0 and <= 86_400)
                    {
                        current.CrawlDelay = Math.Max(current.CrawlDelay ?? 0, seconds);
                    }

                    break;
                default:
                    // Sitemap and unknown lines belong to no group and end none.
                    break;
            }
        }

        var token = AgentName(productToken);
        var ours = groups.Where(g => g.Agents.Contains(token, StringComparer.OrdinalIgnoreCase)).ToList();
        if (ours.Count == 0)
        {
            ours = [.. groups.Where(static g => g.Agents.Contains("*"))];
        }

        var delays = ours.Where(static g => g.CrawlDelay is not null).Select(static g => g.CrawlDelay!.Value).ToList();
        return new RobotsTxt([.. ours.SelectMany(static g => g.Rules)], delays.Count > 0 ? TimeSpan.FromSeconds(delays.Max()) : null);
    }

    public bool IsAllowed(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var path = Normalize(url.IsAbsoluteUri ? url.PathAndQuery : url.OriginalString);
        if (path == "/robots.txt")
        {
            return true;
        }

        var best = -1;
        var allow = true;
        foreach (var (isAllow, pattern) in _rules)
        {
            if (!Matches(path, pattern))
            {
                continue;
            }

            if (pattern.Length > best || (pattern.Length == best && isAllow))
            {
                best = pattern.Length;
                allow = isAllow;
            }
        }

        return allow;
    }

    /// <summary>
    /// The name a user-agent value gives, without a version or comment: <c>ForecastWatch/1.0 (+x)</c> is <c>ForecastWatch</c>.
    /// </summary>
    private static string AgentName(string value)
    {
        var v = value.Trim();
        if (v.StartsWith('*'))
        {
            return "*";
        }

        var end = 0;
        while (end < v.Length && (char.IsAsciiLetterOrDigit(v[end]) || v[end] is '_' or '-' or '.'))
        {
            end++;
        }

        return v[..end];
    }

    /// <summary>
    /// <c>*</c> matches any run of characters, a final <c>$</c> anchors the end; otherwise a pattern matches a prefix.
    /// The first fixed part must start the path; the middle ones are taken leftmost (which never loses a match).
    /// </summary>
    internal static bool Matches(string path, string pattern)
    {
        var anchored = pattern.EndsWith('$');
        var parts = (anchored ? pattern[..^1] : pattern).Split('*');
        if (!path.StartsWith(parts[0], StringComparison.Ordinal))
        {
            return false;
        }

        var at = parts[0].Length;
        if (parts.Length == 1)
        {
            return !anchored || at == path.Length;
        }

        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = path.IndexOf(parts[i], at, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            at = found + parts[i].Length;
        }

        var last = parts[^1];
        return anchored
            ? path.Length - last.Length >= at && path.EndsWith(last, StringComparison.Ordinal)
            : path.IndexOf(last, at, StringComparison.Ordinal) >= 0;
    }

    /// <summary>
    /// RFC 9309 section 2.2.2: octets outside US-ASCII are percent-encoded (UTF-8), and an encoded unreserved character
    /// is decoded, so <c>/%7Ejoe</c>, <c>/~joe</c> compare equal; other escapes keep their meaning, with upper-case hex.
    /// </summary>
    internal static string Normalize(string path)
    {
        var sb = new StringBuilder(path.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '%' && i + 2 < path.Length && char.IsAsciiHexDigit(path[i + 1]) && char.IsAsciiHexDigit(path[i + 2]))
            {
                var decoded = (char)Convert.ToByte(path.Substring(i + 1, 2), 16);
                if (char.IsAsciiLetterOrDigit(decoded) || decoded is '-' or '.' or '_' or '~')
                {
                    sb.Append(decoded);
                }
                else
                {
                    sb.Append('%').Append(char.ToUpperInvariant(path[i + 1])).Append(char.ToUpperInvariant(path[i + 2]));
                }

                i += 2;
            }
            else if (c > 0x7F)
            {
                var length = char.IsHighSurrogate(c) && i + 1 < path.Length ? 2 : 1;
                var written = Encoding.UTF8.GetBytes(path.AsSpan(i, length), utf8);
                foreach (var b in utf8[..written])
                {
                    sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }

                i += length - 1;
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private sealed class Group
    {
        public List<string> Agents { get; } = [];

        public List<(bool Allow, string Pattern)> Rules { get; } = [];

        public bool HasRules { get; set; }

        public double? CrawlDelay { get; set; }
    }
}
