using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using ForecastWatch.Hosting;
using ForecastWatch.Inbound;
using ForecastWatch.Ingestion;
using ForecastWatch.Jobs;
using ForecastWatch.Mailing;
using ForecastWatch.Mailing.Auth;
using ForecastWatch.Tests.Storage;

namespace ForecastWatch.Tests.Hosting;

/// <summary>
/// The README's settings table (Deploy section) and the options the code binds agree key for key under
/// <c>ForecastWatch__</c> and <c>Mail__</c>, and where a row states a default, it is the code's default.
/// </summary>
public sealed partial class ReadmeSettingsTableTests
{
    /// <summary>Every options class bound from configuration, with its section.</summary>
    private static readonly (string Section, object Defaults)[] Bound =
    [
        (ForecastWatchOptions.SectionName, new ForecastWatchOptions()),
        (HeartbeatOptions.SectionName, new HeartbeatOptions()),
        (MailingOptions.SectionName, new MailingOptions()),
        (EditorsOptions.SectionName, new EditorsOptions()),
        (DigestOptions.SectionName, new DigestOptions()),
        (PromptScheduleOptions.SectionName, new PromptScheduleOptions()),
        (InboxOptions.SectionName, new InboxOptions()),
        (MailServerOptions.SectionName, new MailServerOptions()),
        (MailAuthOptions.SectionName, new MailAuthOptions()),
        (IngestOptions.SectionName, new IngestOptions()),
        (SourcesOptions.SectionName + ":0", new SourceOptions()),
    ];

    /// <summary>Bound but meaningless, so not documented: the SMTP session settings on the shared endpoint type.</summary>
    private static readonly string[] NotDocumented = ["Mail__Imap__MaxMessagesPerSession", "Mail__Imap__SessionIdleCheck"];

    [Fact]
    public void Bound_EveryOptionsClassWithASection_IsCompared()
    {
        var withSection = typeof(ForecastWatchOptions).Assembly.GetTypes()
            .Where(static t => t.Name.EndsWith("Options", StringComparison.Ordinal)
                && t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true })
            .Select(static t => t.Name)
            .Where(static n => n != nameof(SourcesOptions)) // a list: compared through its item, SourceOptions at `__0`
            .Order();

        Assert.Equal(withSection,
            Bound.Select(static b => b.Defaults.GetType().Name).Where(static n => n != nameof(SourceOptions)).Order());
    }

    [Fact]
    public void ReadmeTable_KeyForKey_MatchesBoundOptions()
    {
        var documented = ReadTable().Select(static r => r.Key).Where(IsOurs).ToHashSet(StringComparer.Ordinal);
        var bound = BoundKeys().Select(static k => k.Key).Except(NotDocumented).ToHashSet(StringComparer.Ordinal);

        var missing = bound.Except(documented).Order().ToList();
        var unknown = documented.Except(bound).Order().ToList();
        Assert.True(missing.Count == 0, "bound, not in the README's table: " + string.Join(", ", missing));
        Assert.True(unknown.Count == 0, "in the README's table, not bound: " + string.Join(", ", unknown));
    }

    [Fact]
    public void ReadmeTable_StatedDefaults_AreTheCodeDefaults()
    {
        var defaults = BoundKeys().ToDictionary(static k => k.Key, static k => k.Default, StringComparer.Ordinal);
        var wrong = new List<string>();
        foreach (var (key, stated) in ReadTable())
        {
            if (stated is null || !defaults.TryGetValue(key, out var actual))
            {
                continue;
            }

            if (stated != (actual ?? "(none)"))
            {
                wrong.Add($"{key}: README says {stated}, code says {actual ?? "(none)"}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static bool IsOurs(string key) =>
        key.StartsWith("ForecastWatch__", StringComparison.Ordinal) || key.StartsWith("Mail__", StringComparison.Ordinal);

    /// <summary>
    /// Rows of the table: each backticked name in the first cell (<c>`A__B__C` / `__D`</c> means <c>A__B__D</c>), with
    /// the matching <c> / </c>-separated part of the Default cell: its first backticked value, <c>(none)</c>, or null
    /// when the row does not state one per key.
    /// </summary>
    private static List<(string Key, string? Default)> ReadTable()
    {
        var root = Path.GetDirectoryName(RepoSeeds.Directory)!;
        var lines = File.ReadAllLines(Path.Combine(root, "README.md"));
        var start = Array.FindIndex(lines, static l => l.StartsWith("| Setting (environment variable) |", StringComparison.Ordinal));
        Assert.True(start >= 0, "README.md has no settings table.");
        var rows = new List<(string, string?)>();
        foreach (var line in lines.Skip(start + 2).TakeWhile(static l => l.StartsWith('|')))
        {
            var cells = line.Split(" | ");
            var names = Backticked().Matches(cells[0]).Select(static m => m.Groups[1].Value).ToList();
            var parts = cells[1].Split(" / ");
            string? previous = null;
            for (var i = 0; i < names.Count; i++)
            {
                var name = names[i];
                if (name.StartsWith("__", StringComparison.Ordinal) && previous is not null)
                {
                    name = previous[..previous.LastIndexOf("__", StringComparison.Ordinal)] + name;
                }

                previous = name;
                name = ListIndex().Replace(name, "__0"); // `X__0`, `__1` … document one list
                string? stated = null;
                if (parts.Length == names.Count)
                {
                    var part = parts[i].Trim();
                    stated = part.StartsWith("(none", StringComparison.Ordinal) ? "(none)"
                        : Backticked().Match(part) is { Success: true } m ? m.Groups[1].Value : null;
                }

                rows.Add((name, stated));
            }
        }

        return rows;
    }

    private static IEnumerable<(string Key, string? Default)> BoundKeys()
    {
        foreach (var (section, defaults) in Bound)
        {
            foreach (var key in Walk(section.Replace(":", "__", StringComparison.Ordinal), defaults))
            {
                yield return key;
            }
        }

        foreach (var (job, cron) in JobSchedules.Defaults)
        {
            yield return ($"{JobSchedules.SectionName.Replace(":", "__", StringComparison.Ordinal)}__{job}__Cron", cron);
        }

        foreach (var job in JobSchedules.OwnTimeZoneAllowed)
        {
            yield return ($"ForecastWatch__Jobs__{job}__TimeZone", null);
        }

        yield return ("ForecastWatch__Jobs__<Name>__Enabled", "true");
        yield return ("ForecastWatch__Jobs__<Name>__Interval", null);
    }

    /// <summary>The keys the configuration binder fills: public settable properties, lists as <c>__0</c>.</summary>
    private static IEnumerable<(string Key, string? Default)> Walk(string prefix, object instance)
    {
        foreach (var property in instance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            // The binder fills settable properties, and get-only collections in place.
            var isList = property.PropertyType.IsGenericType
                && property.PropertyType.GetGenericTypeDefinition() is var g && (g == typeof(List<>) || g == typeof(IList<>));
            if (property.SetMethod is not { IsPublic: true } && !isList)
            {
                continue;
            }

            var key = $"{prefix}__{property.Name}";
            var type = property.PropertyType;
            var value = property.GetValue(instance);
            if (IsScalar(type))
            {
                yield return (key, Format(value));
            }
            else if (isList)
            {
                var item = type.GetGenericArguments()[0];
                if (IsScalar(item))
                {
                    yield return (key + "__0", null);
                    continue;
                }

                foreach (var nested in Walk(key + "__0", Activator.CreateInstance(item)!))
                {
                    yield return (nested.Key, null);
                }
            }
            else if (value is not null and not IEnumerable)
            {
                foreach (var nested in Walk(key, value))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan) || type == typeof(decimal)
            || type == typeof(Uri);
    }

    private static string? Format(object? value) => value switch
    {
        null => null,
        string { Length: 0 } => null,
        bool b => b ? "true" : "false",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    [GeneratedRegex(@"__\d+(?=__|$)")]
    private static partial Regex ListIndex();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}
