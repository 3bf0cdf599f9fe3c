namespace ForecastWatch.Ingestion;

/// <summary>
/// A parsed robots.txt (RFC 9309): the group for our product token, else the <c>*</c> group; the longest matching
/// Allow/Disallow path wins, Allow on a tie; <c>*</c> and a final <c>$</c> in paths are understood.
/// </summary>
internal sealed class RobotsTxt
{
    public static readonly RobotsTxt AllowAll = new([]);

    private readonly IReadOnlyList<(bool Allow, string Pattern)> _rules;

    private RobotsTxt(IReadOnlyList<(bool Allow, string Pattern)> rules) => _rules = rules;

    public static RobotsTxt Parse(string text, string productToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var groups = new List<(List<string> Agents, List<(bool, string)> Rules)>();
        (List<string> Agents, List<(bool, string)> Rules)? current = null;
        var lastWasAgent = false;
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
            if (key == "user-agent")
            {
                if (!lastWasAgent || current is null)
                {
                    current = ([], []);
                    groups.Add(current.Value);
                }

                current.Value.Agents.Add(value.ToLowerInvariant());
                lastWasAgent = true;
            }
            else if (key is "allow" or "disallow")
            {
                lastWasAgent = false;
                if (current is not null && (value.Length > 0 || key == "allow"))
                {
                    current.Value.Rules.Add((key == "allow", value));
                }
            }
            else
            {
                lastWasAgent = false;
            }
        }

        var token = productToken.ToLowerInvariant();
        var ours = groups.Where(g => g.Agents.Any(a => a != "*" && token.StartsWith(a, StringComparison.Ordinal))).SelectMany(static g => g.Rules).ToList();
        if (ours.Count == 0 && !groups.Any(g => g.Agents.Any(a => a != "*" && token.StartsWith(a, StringComparison.Ordinal))))
        {
            ours = [.. groups.Where(static g => g.Agents.Contains("*")).SelectMany(static g => g.Rules)];
        }

        return new RobotsTxt(ours);
    }

    public bool IsAllowed(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var path = url.PathAndQuery;
        var best = -1;
        var allow = true;
        foreach (var (isAllow, pattern) in _rules)
        {
            if (pattern.Length == 0 || !Matches(path, pattern))
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

    private static bool Matches(string path, string pattern)
    {
        var anchored = pattern.EndsWith('$');
        var parts = (anchored ? pattern[..^1] : pattern).Split('*');
        if (!path.StartsWith(parts[0], StringComparison.Ordinal))
        {
            return false;
        }

        var at = parts[0].Length;
        for (var i = 1; i < parts.Length; i++)
        {
            var found = path.IndexOf(parts[i], at, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            at = found + parts[i].Length;
        }

        return !anchored || at == path.Length || (parts.Length > 1 && path.EndsWith(parts[^1], StringComparison.Ordinal));
    }
}
