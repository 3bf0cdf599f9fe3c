using ForecastWatch.Domain.Prompts;
using ForecastWatch.Hosting;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Cli;
using ForecastWatch.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ForecastWatch.Tests.Mailing;

/// <summary>The walk: 24 months over the real seed predictions, through the real registry and resolve operation.</summary>
public sealed class PromptServiceSeedWalkTests : IDisposable
{
    private readonly string _data = RepoSeeds.NewDataDirectory();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task RunAsync_TwentyFourMonthsOverSeeds_EachPromptedOnceRemindedEscalatedSilentOnceResolved(string kind)
    {
        await using var store = await CliStore.CreateAsync(kind, _data);
        var import = await CliRunner.RunAsync(store.With("import", RepoSeeds.Directory));
        Assert.True(import.Code == 0, import.Err);
        var db = store.Database;
        var source = new RegistryPromptSource();
        var sut = PromptTestHarness.CreatePromptService(db, source);
        var seeds = await LoadAsync(db, source);
        var dated = seeds.Where(p => p.IsOpen && p.ResolveBy is not null).Select(p => p.Id).ToHashSet();
        Assert.Contains("ainews-regulation", dated);

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var end = time.GetUtcNow().AddMonths(24);
        var resolved = false;
        var extended = false;
        while (time.GetUtcNow() <= end)
        {
            var now = time.GetUtcNow();
            await sut.RunAsync(now, PromptRunScope.Initial, false, default);
            await sut.RunAsync(now, PromptRunScope.FollowUps, false, default);
            if (!resolved && now >= new DateTimeOffset(2027, 6, 2, 12, 0, 0, TimeSpan.Zero))
            {
                // The editor answers the day after the prompt.
                var r = await CliRunner.RunAsync(store.With("resolve", "ainews-regulation", "yes", "--by", "editor@example.test",
                    "--now", now.ToString("O")));
                Assert.True(r.Code == 0, r.Err);
                resolved = true;
            }

            if (!extended && now >= new DateTimeOffset(2027, 6, 5, 12, 0, 0, TimeSpan.Zero))
            {
                var r = await CliRunner.RunAsync(store.With("resolve", "ainews-consolidation", "extend", "2027-12-31", "--by",
                    "editor@example.test", "--now", now.ToString("O")));
                Assert.True(r.Code == 0, r.Err);
                extended = true;
            }

            time.Advance(TimeSpan.FromHours(12));
        }

        IReadOnlyList<OutboxEntry> mails;
        await using (var c = await db.OpenAsync(default))
        {
            mails = await OutboxStore.ListAsync(c, null, default);
        }

        string[] Kinds(string id) => mails.Where(m => m.PredictionId == id).OrderBy(m => m.Id).Select(m => m.Category).ToArray();
        foreach (var id in dated.Except(["ainews-regulation", "ainews-consolidation"]))
        {
            var due = PromptScheduler.FirstDueInstant(seeds.Single(p => p.Id == id).ResolveBy!.Value, TimeZoneInfo.Utc);
            if (due > end)
            {
                Assert.Empty(Kinds(id));
                continue;
            }

            Assert.Equal(["prompt", "reminder", "reminder", "escalation"], Kinds(id));
            var first = mails.Where(m => m.PredictionId == id).Min(m => m.CreatedAt);
            Assert.Equal(due < time.GetUtcNow().AddMonths(-24) ? new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero) : due, first);
        }

        Assert.Equal(["prompt"], Kinds("ainews-regulation"));
        Assert.Equal(["prompt", "reminder", "prompt", "reminder", "reminder", "escalation"], Kinds("ainews-consolidation"));
        Assert.Equal(new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.Zero),
            mails.Where(m => m.PredictionId == "ainews-consolidation").OrderBy(m => m.Id).ElementAt(2).CreatedAt);
        Assert.DoesNotContain(mails, m => seeds.Single(p => p.Id == m.PredictionId).ResolveBy is null);
        Assert.All(mails.Where(m => m.Category != "escalation"), m => Assert.Equal(["editor@example.test"], m.Recipients));
        Assert.All(mails.Where(m => m.Category == "escalation"), m => Assert.Equal(["chief@example.test"], m.Recipients));
    }

    private static async Task<IReadOnlyList<PromptPrediction>> LoadAsync(IDatabase db, IPromptPredictionSource source)
    {
        await using var c = await db.OpenAsync(default);
        return await source.LoadAsync(c, default);
    }
}
