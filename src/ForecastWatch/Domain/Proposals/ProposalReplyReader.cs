using System.Globalization;
using System.Text.RegularExpressions;

namespace ForecastWatch.Domain.Proposals;

public enum ProposalAction
{
    Accept,
    Reject,
    Edit,
}

/// <summary>One command of a desk reply. <see cref="Numbers"/> is empty with <see cref="All"/>.</summary>
/// <param name="Field">For EDIT: <c>resolve-by</c>, <c>probability</c> or <c>claim</c>.</param>
public sealed record ProposalCommand(ProposalAction Action, IReadOnlyList<int> Numbers, bool All, string? Field = null,
    string? Value = null, DateOnly? Date = null, double? Probability = null);

/// <summary>The commands read from a reply, or why none could be read.</summary>
public sealed record ProposalReply(IReadOnlyList<ProposalCommand> Commands, string? Problem)
{
    public bool IsReadable => Problem is null && Commands.Count > 0;
}

/// <summary>
/// Reads the desk's answer to a proposal email: one command per line, until the first line that is not one
/// (the rest is a signature or a note): <c>ACCEPT 1 3 4</c>, <c>ACCEPT ALL</c>, <c>REJECT 2</c>, <c>REJECT ALL</c>,
/// <c>EDIT 3 resolve-by 2027-06-30</c>, <c>EDIT 3 probability 70%</c>, <c>EDIT 3 claim New wording.</c>.
/// Numbers may be separated by spaces or commas, and ranges written <c>2-4</c>. Case does not matter.
/// </summary>
public static partial class ProposalReplyReader
{
    public const int MaxNumber = 999;

    public static ProposalReply Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var commands = new List<ProposalCommand>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim().TrimEnd('.', '!');
            if (line.Length == 0)
            {
                continue;
            }

            var m = Command().Match(line);
            if (!m.Success)
            {
                if (commands.Count == 0)
                {
                    return new ProposalReply([], $"'{Shorten(line)}' is not a command: start the reply with ACCEPT 1 3, ACCEPT ALL, REJECT "
                        + $"2 or EDIT 3 resolve-by YYYY-MM-DD.");
                }

                break;
            }

            var verb = m.Groups["verb"].Value.ToUpperInvariant();
            var rest = m.Groups["rest"].Value.Trim();
            if (verb == "EDIT")
            {
                var edit = Edit().Match(rest);
                if (!edit.Success)
                {
                    return new ProposalReply([], $"'{Shorten(line)}': write EDIT <number> resolve-by YYYY-MM-DD, EDIT <number> probability "
                        + $"70%, or EDIT <number> claim <text>.");
                }

                var number = int.Parse(edit.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
                var field = edit.Groups["field"].Value.ToLowerInvariant().Replace('_', '-').Replace(" ", "-", StringComparison.Ordinal);
                var value = edit.Groups["value"].Value.Trim();
                switch (field)
                {
                    case "resolve-by" or "resolveby" or "date" or "by":
                        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                        {
                            return new ProposalReply([], $"'{Shorten(line)}': the resolve-by date must be written YYYY-MM-DD.");
                        }

                        commands.Add(new ProposalCommand(ProposalAction.Edit, [number], false, "resolve-by", value, Date: date));
                        break;
                    case "probability" or "p":
                        var percent = value.EndsWith('%');
                        if (!double.TryParse(value.TrimEnd('%').Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var p)
                            || p is < 0 or > 100 || (!percent && p is > 1 and < 2))
                        {
                            return new ProposalReply([], $"'{Shorten(line)}': the probability must be between 0 and 1, or a percentage.");
                        }

                        // "0.7" is a probability, "70" or "70%" a percentage.
                        commands.Add(new ProposalCommand(ProposalAction.Edit, [number], false, "probability", value,
                            Probability: percent || p > 1 ? p / 100 : p));
                        break;
                    case "claim":
                        if (value.Length is 0 or > 1000)
                        {
                            return new ProposalReply([], $"'{Shorten(line)}': give the new claim after 'claim' (at most 1000 characters).");
                        }

                        commands.Add(new ProposalCommand(ProposalAction.Edit, [number], false, "claim", value));
                        break;
                    default:
                        return new ProposalReply([], $"'{Shorten(line)}': EDIT changes resolve-by, probability or claim.");
                }

                continue;
            }

            var action = verb == "ACCEPT" ? ProposalAction.Accept : ProposalAction.Reject;
            if (rest.Equals("ALL", StringComparison.OrdinalIgnoreCase))
            {
                commands.Add(new ProposalCommand(action, [], true));
                continue;
            }

            var numbers = new List<int>();
            foreach (var token in rest.Split([' ', ',', ';', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                var range = Range().Match(token);
                if (!range.Success)
                {
                    return new ProposalReply([], $"'{Shorten(line)}': '{Shorten(token)}' is not a proposal number.");
                }

                var from = int.Parse(range.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture);
                var to = range.Groups[2].Success ? int.Parse(range.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture) : from;
                if (from < 1 || to < from || to > MaxNumber)
                {
                    return new ProposalReply([], $"'{Shorten(line)}': '{token}' is not a proposal number.");
                }

                numbers.AddRange(Enumerable.Range(from, to - from + 1));
            }

            if (numbers.Count == 0)
            {
                return new ProposalReply([], $"'{Shorten(line)}': name the proposals by number (ACCEPT 1 3) or write ALL.");
            }

            commands.Add(new ProposalCommand(action, [.. numbers.Distinct()], false));
        }

        return commands.Count == 0
            ? new ProposalReply([], "The reply is empty: start it with ACCEPT 1 3, ACCEPT ALL, REJECT 2 or EDIT 3 resolve-by YYYY-MM-DD.")
            : new ProposalReply(commands, null);
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";

    [GeneratedRegex(@"^(?<verb>accept|reject|edit)\b[:\s]*(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Command();

    [GeneratedRegex(@"^#?(?<n>\d{1,3})\s+(?<field>resolve[- _]?by|date|by|probability|p|claim)\s*[:=]?\s*(?<value>.+)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Edit();

    [GeneratedRegex(@"^#?(\d{1,3})(?:-(\d{1,3}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Range();
}
