using Dapper;
using ForecastWatch.Domain.Scoring;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Support;

namespace ForecastWatch.Tests.Storage;

public sealed class ScoreStoreTests : IAsyncLifetime
{
    private const string InsertArticle = """
        INSERT INTO articles (id, title, outlet, authors_json, language, published, body, body_sha256, imported_at, updated_at)
        VALUES (@Id, 'Title', @Outlet, @Authors, 'en', @Published, 'body', 'sha', 0, 0);
        """;

    private const string InsertPrediction = """
        INSERT INTO predictions (id, article_id, claim, quote, quote_start, resolve_by, kind, probability, hedge, tags_json, status, origin,
            created_at, updated_at)
        VALUES (@Id, @Article, @Claim, 'q', 0, @ResolveBy, 'event', @Probability, @Hedge, @Tags, @Status, 'curated', 0, 0);
        """;

    private const string InsertResolution = """
        INSERT INTO resolutions (prediction_id, verdict, fraction, extend_to, note, evidence_json, resolved_by, resolved_at, source,
            supersedes_id)
        VALUES (@Prediction, @Verdict, @Fraction, @ExtendTo, @Note, @Evidence, @By, @At, 'cli', @Supersedes)
        RETURNING id;
        """;

    private TestStore? _store;

    private IDatabase Connections => _store!.Database;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    private async Task UseStoreAsync(string kind)
    {
        _store = await TestStore.CreateAsync(kind);
        await using var c = await Connections.OpenAsync(CancellationToken.None);
        await c.ExecuteAsync(InsertArticle, new { Id = "art1", Outlet = "Alpha", Authors = "[\"Ann\",\"Bob\"]", Published = "2026-05" });
        await c.ExecuteAsync(InsertArticle, new { Id = "art2", Outlet = "Beta", Authors = "not json", Published = (string?)null });
    }

    private ScoreStore CreateSut() => new(Connections);

    private async Task AddPredictionAsync(string id, string article = "art1", string? resolveBy = "2026-12-31", double? probability = 0.7,
        string status = "accepted", string tags = "[\"ai\"]")
    {
        await using var c = await Connections.OpenAsync(CancellationToken.None);
        await c.ExecuteAsync(InsertPrediction, new
        {
            Id = id,
            Article = article,
            Claim = "Claim " + id,
            ResolveBy = resolveBy,
            Probability = probability,
            Hedge = "likely",
            Tags = tags,
            Status = status
        });
    }

    private async Task<long> ResolveAsync(string id, string verdict, double? fraction = null, string? extendTo = null, string? note = null,
        string evidence = "[]", long at = 1_780_000_000_000, long? supersedes = null)
    {
        await using var c = await Connections.OpenAsync(CancellationToken.None);
        return await c.ExecuteScalarAsync<long>(InsertResolution, new
        {
            Prediction = id,
            Verdict = verdict,
            Fraction = fraction,
            ExtendTo = extendTo,
            Note = note,
            Evidence = evidence,
            By = "ed@example.org",
            At = at,
            Supersedes = supersedes
        });
    }

    private async Task<Dictionary<string, ScoredPrediction>> StreamAllAsync()
    {
        var all = new Dictionary<string, ScoredPrediction>();
        await foreach (var p in CreateSut().StreamAsync(CancellationToken.None))
        {
            all.Add(p.Id, p);
        }

        return all;
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task StreamAsync_Verdicts_MappedToStateAndOutcome(string kind)
    {
        await UseStoreAsync(kind);
        foreach (var id in new[] { "p-yes", "p-no", "p-partial", "p-partial-nofraction", "p-void", "p-open" })
        {
            await AddPredictionAsync(id);
        }

        await ResolveAsync("p-yes", "yes", note: "clear", evidence: "[\"https://e.example/1\",\"https://e.example/2\"]");
        await ResolveAsync("p-no", "no");
        await ResolveAsync("p-partial", "partial", fraction: 0.3);
        await ResolveAsync("p-partial-nofraction", "partial");
        await ResolveAsync("p-void", "void", note: "moot");

        var all = await StreamAllAsync();

        Assert.Equal((PredictionState.Resolved, 1.0), (all["p-yes"].State, all["p-yes"].Outcome!.Value));
        Assert.Equal("clear https://e.example/1 https://e.example/2", all["p-yes"].Evidence);
        Assert.Equal("YES", all["p-yes"].Verdict);
        Assert.Equal("ed@example.org", all["p-yes"].ResolvedBy);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_000), all["p-yes"].ResolvedAt);
        Assert.Equal(0.0, all["p-no"].Outcome);
        Assert.Equal(0.3, all["p-partial"].Outcome);
        Assert.Equal("PARTIAL 0.3", all["p-partial"].Verdict);
        Assert.Equal(ScoreStore.DefaultPartialFraction, all["p-partial-nofraction"].Outcome);
        Assert.Equal(PredictionState.Void, all["p-void"].State);
        Assert.Equal("moot", all["p-void"].VoidReason);
        Assert.Null(all["p-void"].Outcome);
        Assert.Equal(PredictionState.Open, all["p-open"].State);
        Assert.Null(all["p-open"].ResolvedAt);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task StreamAsync_OverrideAndExtend_FoldedLikeTheRegistry(string kind)
    {
        await UseStoreAsync(kind);
        await AddPredictionAsync("p-override");
        await AddPredictionAsync("p-extended");
        await AddPredictionAsync("p-second-final-ignored");
        var first = await ResolveAsync("p-override", "yes", at: 1_000);
        await ResolveAsync("p-override", "no", at: 2_000, supersedes: first);
        await ResolveAsync("p-extended", "extend", extendTo: "2027-03-31");
        await ResolveAsync("p-second-final-ignored", "no", at: 1_000);
        await ResolveAsync("p-second-final-ignored", "yes", at: 2_000);

        var all = await StreamAllAsync();

        Assert.Equal(0.0, all["p-override"].Outcome);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(2_000), all["p-override"].ResolvedAt);
        Assert.Equal(PredictionState.Open, all["p-extended"].State);
        Assert.Equal(new DateOnly(2027, 3, 31), all["p-extended"].ResolveBy);
        Assert.Equal(0.0, all["p-second-final-ignored"].Outcome);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task StreamAsync_ArticleFields_AuthorsPartialDateAndMalformedJson(string kind)
    {
        await UseStoreAsync(kind);
        await AddPredictionAsync("p1");
        await AddPredictionAsync("p2", article: "art2", resolveBy: null, probability: null, tags: "[]");

        var all = await StreamAllAsync();

        Assert.Equal(["Ann", "Bob"], all["p1"].Authors);
        Assert.Equal(["ai"], all["p1"].Tags);
        Assert.Equal(new DateOnly(2026, 5, 1), all["p1"].MadeOn);
        Assert.Equal("Alpha", all["p1"].Outlet);
        Assert.Equal("art1", all["p1"].Article);
        Assert.Empty(all["p2"].Authors);
        Assert.Null(all["p2"].MadeOn);
        Assert.Null(all["p2"].ResolveBy);
        Assert.Null(all["p2"].Probability);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task StreamAsync_ProposedAndRejected_NotScored(string kind)
    {
        await UseStoreAsync(kind);
        await AddPredictionAsync("accepted");
        await AddPredictionAsync("proposed", status: "proposed");
        await AddPredictionAsync("rejected", status: "rejected");

        var all = await StreamAllAsync();

        Assert.Equal(["accepted"], all.Keys);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task FeedAsync_ManyResolutionsPerPrediction_OneRowEachInIdOrder(string kind)
    {
        await UseStoreAsync(kind);
        foreach (var id in new[] { "c", "a", "b" })
        {
            await AddPredictionAsync(id);
            await ResolveAsync(id, "extend", extendTo: "2027-01-31");
            await ResolveAsync(id, "yes");
        }

        var seen = new List<string>();
        var count = await CreateSut().FeedAsync(p => seen.Add(p.Id), CancellationToken.None);

        Assert.Equal(3, count);
        Assert.Equal(["a", "b", "c"], seen);
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task BuildScorecardAsync_EveryDimension_SameOverallAndVoidDetailsFilledIn(string kind)
    {
        await UseStoreAsync(kind);
        await AddPredictionAsync("s-yes");
        await AddPredictionAsync("s-no", article: "art2");
        await AddPredictionAsync("s-void");
        await ResolveAsync("s-yes", "yes");
        await ResolveAsync("s-no", "no");
        await ResolveAsync("s-void", "void", note: "moot");
        var asOf = new DateOnly(2027, 6, 1);

        foreach (var dimension in Enum.GetValues<ScoreDimension>())
        {
            var card = await CreateSut().BuildScorecardAsync(new ScorecardBuilder(dimension, asOf), CancellationToken.None);

            Assert.Equal(2, card.Overall.Scored);
            Assert.Equal(0.29, card.Overall.MeanBrier!.Value, 12);
            var v = Assert.Single(card.Voids);
            Assert.Equal(("s-void", "Alpha", "Claim s-void", "moot"), (v.Id, v.Outlet, v.Claim, v.Reason));
        }
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task BuildScorecardAsync_RandomResolutions_ScanIdenticalToFoldedAndSumsEquivalent(string kind)
    {
        await UseStoreAsync(kind);
        var random = new Random(23);
        string[] verdicts = ["yes", "no", "partial", "void", "extend"];
        string[] tagLists = ["[\"ai\"]", "[\"ai\",\"eu\"]", "[]", "not json"];
        for (var i = 0; i < 120; i++)
        {
            var id = "r" + i.ToString("000", System.Globalization.CultureInfo.InvariantCulture);
            await AddPredictionAsync(
                id,
                article: random.Next(2) == 0 ? "art1" : "art2",
                resolveBy: random.Next(6) == 0 ? null : new DateOnly(2026, 1, 1).AddDays(random.Next(700))
                    .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                probability: random.Next(5) == 0 ? null : Math.Round(random.NextDouble(), 2),
                status: random.Next(10) == 0 ? "proposed" : "accepted",
                tags: tagLists[random.Next(tagLists.Length)]);
            var ids = new List<long>();
            for (var s = random.Next(0, 6); s > 0; s--)
            {
                var verdict = verdicts[random.Next(verdicts.Length)];
                ids.Add(await ResolveAsync(
                    id,
                    verdict,
                    fraction: verdict == "partial" && random.Next(2) == 0 ? 0.25 + (random.Next(50) / 100.0) : null,
                    extendTo: verdict == "extend" ? new DateOnly(2027, 1, 1).AddDays(random.Next(300))
                        .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null,
                    note: "note " + ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    at: 1_780_000_000_000 + random.Next(2_000_000_000),
                    supersedes: ids.Count > 0 && random.Next(3) == 0 ? ids[random.Next(ids.Count)] : null));
            }
        }

        var asOf = new DateOnly(2027, 6, 1);
        foreach (var dimension in Enum.GetValues<ScoreDimension>())
        {
            foreach (var since in new DateOnly?[] { null, new DateOnly(2026, 9, 1) })
            {
                var scan = await CreateSut()
                    .ScanScorecardAsync(new ScorecardBuilder(dimension, asOf, since: since), CancellationToken.None);
                var fast = await CreateSut()
                    .BuildScorecardAsync(new ScorecardBuilder(dimension, asOf, since: since), CancellationToken.None);
                var reference = new ScorecardBuilder(dimension, asOf, since: since);
                await CreateSut().FeedAsync(p => reference.Add(p), CancellationToken.None);
                var folded = reference.Build();

                Assert.True(scan.Overall.Scored > 20);
                Assert.Equal(ScorecardFormatter.ToJson(folded), ScorecardFormatter.ToJson(scan));
                Assert.Equal(folded.Voids, scan.Voids);
                Assert.Equal(folded.VoidCount, scan.VoidCount);
                ScorecardAssert.Equivalent(scan, fast);
            }
        }
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task BuildScorecardAsync_ByAuthor_GroupsFromArticleAuthors(string kind)
    {
        await UseStoreAsync(kind);
        await AddPredictionAsync("a-yes");
        await ResolveAsync("a-yes", "yes");

        var card = await CreateSut()
            .BuildScorecardAsync(new ScorecardBuilder(ScoreDimension.Author, new DateOnly(2027, 6, 1)), CancellationToken.None);

        Assert.Equal(["Ann", "Bob"], card.Groups.Select(static g => g.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(StoreKinds.Sqlite)]
    [PostgresData]
    public async Task BuildDigestAsync_PromptsAndBounces_FillWhoWasAskedAndDeliveryProblems(string kind)
    {
        await UseStoreAsync(kind);
        await AddPredictionAsync("late", resolveBy: "2026-01-31");
        await AddPredictionAsync("other-late", resolveBy: "2026-02-28");
        var asOf = new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
        var sent = new DateTimeOffset(2026, 2, 1, 9, 0, 0, TimeSpan.Zero);
        var bounced = new DateTimeOffset(2026, 5, 30, 9, 0, 0, TimeSpan.Zero);
        await using (var c = await Connections.OpenAsync(CancellationToken.None))
        {
            var ok = await c.ExecuteScalarAsync<long>(
                "INSERT INTO outbox (message_id, category, prediction_id, envelope_from, recipients, subject, raw, status, created_at, "
                    + "next_attempt_at, sent_at) VALUES ('m1', 'prompt', 'late', 'fw@example.org', 'desk@example.org', 's', @Raw, 'sent', "
                    + "@T, @T, @T) RETURNING id;",
                new { T = sent.ToUnixTimeMilliseconds(), Raw = new byte[] { 0 } });
            var prompt = await c.ExecuteScalarAsync<long>(
                "INSERT INTO prompts (prediction_id, cycle_resolve_by, recipient, role, created_at) VALUES ('late', '2026-01-31', "
                    + "'desk@example.org', 'editor', @T) RETURNING id;",
                new { T = sent.ToUnixTimeMilliseconds() });
            await c.ExecuteAsync(
                "INSERT INTO prompt_steps (prompt_id, step, kind, outbox_id, created_at) VALUES (@P, 0, 'initial', @O, @T);",
                new { P = prompt, O = ok, T = sent.ToUnixTimeMilliseconds() });
            await c.ExecuteAsync(
                "INSERT INTO outbox (message_id, category, prediction_id, envelope_from, recipients, subject, raw, status, created_at, "
                    + "next_attempt_at, last_attempt_at, last_error, reply_code, enhanced_status) VALUES ('m2', 'prompt', 'other-late', "
                    + "'fw@example.org', 'gone@example.org', 's', @Raw, 'bounced', @T, @T, @T, 'user unknown', 550, '5.1.1');",
                new { T = bounced.ToUnixTimeMilliseconds(), Raw = new byte[] { 0 } });
        }

        var model = await CreateSut()
            .BuildDigestAsync(new ForecastWatch.Domain.Digest.DigestBuilder(asOf, asOf.AddDays(-7)), CancellationToken.None);

        var late = model.Overdue.Items.Single(static i => i.Prediction.Id == "late");
        Assert.Equal([new ForecastWatch.Domain.Digest.PromptSent("desk@example.org", sent)], late.Asked);
        Assert.Empty(model.Overdue.Items.Single(static i => i.Prediction.Id == "other-late").Asked);
        var problem = Assert.Single(model.DeliveryProblems.Items);
        Assert.Equal(new ForecastWatch.Domain.Digest.DeliveryProblem("other-late", "gone@example.org", bounced, "550 5.1.1 user unknown"),
            problem);
    }

    [Theory]
    [InlineData("[\"Ann\",\"Bob\"]", new[] { "Ann", "Bob" })]
    [InlineData(" [ \"Ann\" ,  \"Bob\" ] ", new[] { "Ann", "Bob" })]
    [InlineData("[\"Ann \\\"the\\\" Pen, Jr.\"]", new[] { "Ann \"the\" Pen, Jr." })]
    [InlineData("[\"caf\\u00e9\"]", new[] { "caf\u00e9" })]
    [InlineData("[]", new string[0])]
    [InlineData("[\"unterminated]", new string[0])]
    [InlineData("[\"a\",]", new string[0])]
    [InlineData("{\"not\":\"a list\"}", new string[0])]
    public async Task StreamAsync_AuthorsJsonShapes_ParsedOrEmpty(string json, string[] expected)
    {
        await UseStoreAsync(StoreKinds.Sqlite);
        await using (var c = await Connections.OpenAsync(CancellationToken.None))
        {
            await c.ExecuteAsync(InsertArticle, new { Id = "art-json", Outlet = "Gamma", Authors = json, Published = "2026" });
        }

        await AddPredictionAsync("pj", article: "art-json");

        var all = await StreamAllAsync();

        Assert.Equal(expected, all["pj"].Authors);
    }
}
