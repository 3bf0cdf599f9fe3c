using System.CommandLine;
using ForecastWatch.Cli;
using ForecastWatch.Tests.Storage;

namespace ForecastWatch.Tests.Cli;

/// <summary>
/// Every command the CLI has (by its full path) has a row in the README's CLI table, and no row names a command that
/// does not exist.
/// </summary>
public sealed class ReadmeCommandTableTests
{
    [Fact]
    public void ReadmeCliTable_EveryCommand_HasARow()
    {
        var commands = Leaves(CliApp.Build(), "").ToHashSet(StringComparer.Ordinal);
        var root = Path.GetDirectoryName(RepoSeeds.Directory)!;
        var lines = File.ReadAllLines(Path.Combine(root, "README.md"));
        var start = Array.FindIndex(lines, static l => l.StartsWith("| Command | What it does |", StringComparison.Ordinal));
        Assert.True(start >= 0, "README.md has no command table.");
        var documented = lines.Skip(start + 2).TakeWhile(static l => l.StartsWith('|'))
            .Select(static l => l.Split('`')[1])
            .Select(row => commands.Where(c => row == c || row.StartsWith(c + " ", StringComparison.Ordinal))
                .MaxBy(static c => c.Length) ?? row)
            .ToHashSet(StringComparer.Ordinal);

        var missing = commands.Except(documented).Order().ToList();
        var unknown = documented.Except(commands).Order().ToList();
        Assert.True(missing.Count == 0, "commands without a README row: " + string.Join(", ", missing));
        Assert.True(unknown.Count == 0, "README rows naming no command: " + string.Join(", ", unknown));
    }

    private static IEnumerable<string> Leaves(Command command, string prefix)
    {
        foreach (var sub in command.Subcommands)
        {
            var path = prefix.Length == 0 ? sub.Name : prefix + " " + sub.Name;
            if (sub.Subcommands.Count == 0 || sub.Action is not null)
            {
                yield return path;
            }

            foreach (var leaf in Leaves(sub, path))
            {
                yield return leaf;
            }
        }
    }
}
