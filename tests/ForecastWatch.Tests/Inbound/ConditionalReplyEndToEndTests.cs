using System.Text;
using Dapper;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Domain.Prompts;
using ForecastWatch.Domain.Scoring;
using ForecastWatch.Inbound;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Cli;
using ForecastWatch.Tests.Mailing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ForecastWatch.Tests.Inbound;

/// <summary>
/// Issue 19 through the real paths, without a mail server: the due check (PromptService over the registry, as
/// DueCheckJob runs it) asks about a conditional's condition on the condition's own date, editors answer through the
/// inbound pipeline with the reply grammar (CONDITION 9%, CONDITION YES, VALUE 2.5%, NO), and list, scorecard,
/// digest and export show the annulled prediction and the numeric error.
/// </summary>
public sealed class ConditionalReplyEndToEndTests : IAsyncLifetime
{
    private static readonly DateOnly ConditionBy = new(2027, 1, 31);
    private InboundTestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await InboundTestDatabase.CreateAsync();
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var id in new[] { "cond-fails", "cond-holds" })
        {
            await PredictionStore.UpsertAsync(connection, transaction, Conditional(id), InboundTestDatabase.Seeded, CancellationToken.None);
        }

        await transaction.CommitAsync();
    }

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    private static Prediction Conditional(string id) => InboundTestDatabase.Event(id) with
    {
        Claim = $"The deal is dead ({id})",
        Condition = "More than 15% of staff leave",
        ConditionSpec = new ConditionSpec
        {
            Kind = PredictionKind.Threshold,
            Metric = "share of staff who leave",
            Comparator = Comparator.GreaterThan,
            Threshold = 15,
            Unit = "%",
            ResolveBy = ConditionBy,
        },
    };

    private PromptService Prompts()
    {
        var editors = new EditorsOptions { DefaultDesk = "desk@example.test" };
        editors.Editors.Add(new EditorEntry { Name = "Editor", Address = "editor@example.test", Outlets = ["Outlet"] });
        editors.Chiefs.Add(new EditorEntry { Name = "Chief", Address = "chief@example.test", Outlets = ["Outlet"] });
        var mailing = new MailingOptions { TokenSecret = RealPipeline.TokenSecret };
        return new PromptService(
            _db.Connections,
            new RegistryPromptSource(),
            PromptTestHarness.Composer(mailing),
            new MailRenderer(),
            RealPipeline.Tokens(_db.DataDirectory),
            Options.Create(editors),
            Options.Create(new PromptScheduleOptions()),
            Options.Create(mailing),
            NullLogger<PromptService>.Instance);
    }

    private async Task<string> MailTextAsync(string messageId)
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        var raw = await connection.ExecuteScalarAsync<byte[]>("SELECT raw FROM outbox WHERE message_id = @M", new { M = messageId });
        var message = await MimeKit.MimeMessage.LoadAsync(new MemoryStream(raw!));
        return message.TextBody ?? "";
    }

    private async Task<InboundOutcome> ReplyAsync(string predictionId, DateOnly cycle, string body, DateTimeOffset at)
    {
        long promptId;
        await using (var connection = await _db.Connections.OpenAsync(CancellationToken.None))
        {
            promptId = await connection.ExecuteScalarAsync<long>(
                "SELECT id FROM prompts WHERE prediction_id = @P AND cycle_resolve_by = @C AND role = 'editor'",
                new { P = predictionId, C = cycle.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        }

        var token = RealPipeline.Tokens(_db.DataDirectory).Token.Create(promptId, "editor@example.test");
        var raw = $"From: Editor <editor@example.test>\nTo: desk+{token}@example.test\nSubject: Re: [FW-{predictionId}] Due\n"
            + $"Message-ID: <{Guid.NewGuid():N}@example.org>\nDate: {at:R}\n\n{body}\n";
        var sut = RealPipeline.Create(_db, new FakeTimeProvider(at));
        return await sut.RecordAndDecideAsync(
            "test",
            null,
            (s, ct) => s.WriteAsync(Encoding.UTF8.GetBytes(raw.Replace("\n", "\r\n", StringComparison.Ordinal)), ct).AsTask(),
            CancellationToken.None);
    }

    [Fact]
    public async Task Conditional_PromptedAtConditionDate_RepliesAnnulOrHold_ThenClaimAndValueScored()
    {
        var prompts = Prompts();

        // Before the condition's date nothing is due.
        var early = await prompts.RunAsync(new DateTimeOffset(2027, 1, 20, 8, 0, 0, TimeSpan.Zero), PromptRunScope.Initial, false, default);
        Assert.Empty(early.Items);

        // The day after the condition's date: both conditionals are asked about the condition only.
        var conditionDay = new DateTimeOffset(2027, 2, 1, 8, 0, 0, TimeSpan.Zero);
        var asked = await prompts.RunAsync(conditionDay, PromptRunScope.Initial, false, default);
        Assert.Equal(["cond-fails", "cond-holds"], asked.Items.Select(i => i.PredictionId).Order(StringComparer.Ordinal));
        Assert.All(asked.Items, i => Assert.Equal(ConditionBy, i.CycleResolveBy));
        var item = asked.Items.Single(i => i.PredictionId == "cond-fails");
        Assert.Equal("[FW-cond-fails] Condition due: More than 15% of staff leave", item.Subject);
        var text = await MailTextAsync(item.MessageId!);
        Assert.Contains("The condition of a prediction your desk published has come due: did it hold?", text, StringComparison.Ordinal);
        Assert.Contains("2027-05-31 (the claim: not due yet)", text, StringComparison.Ordinal);
        Assert.Contains("CONDITION NO", text, StringComparison.Ordinal);
        Assert.Contains("CONDITION 9%", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n  YES ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n  EXTEND", text, StringComparison.Ordinal);
        Assert.Contains("CONDITION EXTEND 2027-06-30", text, StringComparison.Ordinal);

        // A plain YES to a condition prompt is refused: the condition comes first.
        var early2 = await ReplyAsync("cond-holds", ConditionBy, "YES", conditionDay.AddHours(1));
        Assert.NotEqual(InboundStatus.Applied, early2.Status);

        // The editors answer through the reply grammar.
        Assert.Equal(InboundStatus.Applied, (await ReplyAsync("cond-fails", ConditionBy, "CONDITION 9%", conditionDay.AddHours(2))).Status);
        var held = await ReplyAsync("cond-holds", ConditionBy, "condition yes\n\nThey left in droves.", conditionDay.AddHours(3));
        Assert.Equal(InboundStatus.Applied, held.Status);
        var failed = Assert.Single(await _db.ResolutionsAsync("cond-fails"));
        Assert.Equal((ResolutionTarget.Condition, Verdict.No, 9.0), (failed.Target, failed.Verdict, failed.Value!.Value));
        Assert.Equal(ResolutionTarget.Condition, Assert.Single(await _db.ResolutionsAsync("cond-holds")).Target);

        // No reminders: one is annulled, the other's claim is not due yet.
        var reminders = await prompts.RunAsync(conditionDay.AddDays(8), PromptRunScope.FollowUps, false, default);
        Assert.DoesNotContain(reminders.Items, i => i.PredictionId.StartsWith("cond-", StringComparison.Ordinal));

        // At the claim's date the held conditional is asked about its claim; the annulled one is not asked again.
        var claimDay = new DateTimeOffset(2027, 6, 1, 8, 0, 0, TimeSpan.Zero);
        var due = await prompts.RunAsync(claimDay, PromptRunScope.Initial, false, default);
        Assert.DoesNotContain(due.Items, i => i.PredictionId == "cond-fails");
        var claimPrompt = due.Items.Single(i => i.PredictionId == "cond-holds");
        Assert.Equal("[FW-cond-holds] Due: The deal is dead (cond-holds)", claimPrompt.Subject);
        Assert.Contains("you said it held; now judge the claim", await MailTextAsync(claimPrompt.MessageId!), StringComparison.Ordinal);
        Assert.Contains(due.Items, i => i.PredictionId == "inflation");

        var resolveBy = new DateOnly(2027, 5, 31);
        Assert.Equal(InboundStatus.Applied, (await ReplyAsync("cond-holds", resolveBy, "NO", claimDay.AddHours(1))).Status);
        Assert.Equal(InboundStatus.Applied, (await ReplyAsync("inflation", resolveBy, "VALUE 2.5%", claimDay.AddHours(2))).Status);
        var value = Assert.Single(await _db.ResolutionsAsync("inflation"));
        Assert.Equal((Verdict.No, 2.5), (value.Verdict, value.Value!.Value));

        await AssertShownAsync(claimDay.AddDays(1));
    }

    [Fact]
    public async Task ConditionExtend_ByReply_MovesOnlyTheConditionsDate_RefusedWhenPastTheClaimOrEarlier_DigestListsByConditionDate()
    {
        var prompts = Prompts();
        var conditionDay = new DateTimeOffset(2027, 2, 1, 8, 0, 0, TimeSpan.Zero);
        Assert.Equal(2, (await prompts.RunAsync(conditionDay, PromptRunScope.Initial, false, default)).Items.Count(i =>
            i.PredictionId.StartsWith("cond-", StringComparison.Ordinal)));

        // Three weeks on, nobody has answered: the digest lists both as overdue by their condition's date, not the
        // claim's (2027-05-31, not due yet), and the running sums agree with the scan.
        await AssertDigestAsync(new DateTimeOffset(2027, 2, 21, 8, 0, 0, TimeSpan.Zero), overdue: ["cond-fails", "cond-holds"],
            dueSoon: []);
        var digest = await CliRunner.RunAsync("--data", _db.DataDirectory, "digest", "--preview", "--now", "2027-02-21T08:00:00Z");
        Assert.True(digest.Code == 0, digest.Err);
        Assert.Contains("Condition due 2027-01-31, 21 days ago.", digest.Out, StringComparison.Ordinal);

        // Ambiguous or impossible extensions change nothing: past the claim's own date, not later than the condition's
        // date, and an OVERRIDE of an extension.
        var at = conditionDay.AddHours(1);
        foreach (var refused in new[] { "CONDITION EXTEND 2027-07-31", "CONDITION EXTEND 6 months", "CONDITION EXTEND 2027-01-15",
            "OVERRIDE CONDITION EXTEND 2027-03-31" })
        {
            var outcome = await ReplyAsync("cond-holds", ConditionBy, refused, at = at.AddMinutes(1));
            Assert.True(outcome.Status != InboundStatus.Applied, $"{refused}: {outcome.Status}");
        }

        Assert.Empty(await _db.ResolutionsAsync("cond-holds"));

        // CONDITION EXTEND with a date, and with a duration counted from the condition's (moved) date.
        Assert.Equal(InboundStatus.Applied, (await ReplyAsync("cond-holds", ConditionBy,
            "CONDITION EXTEND 2027-03-15 - the figures come out in March", at.AddMinutes(1))).Status);
        Assert.Equal(InboundStatus.Applied,
            (await ReplyAsync("cond-holds", ConditionBy, "condition extend 2 weeks", at.AddMinutes(2))).Status);
        var rows = await _db.ResolutionsAsync("cond-holds");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal((ResolutionTarget.Condition, Verdict.Extend), (r.Target, r.Verdict)));
        Assert.Equal(new DateOnly(2027, 3, 29), rows[^1].ExtendTo);

        // The claim's date did not move, the condition's did.
        await using (var connection = await _db.Connections.OpenAsync(CancellationToken.None))
        {
            var state = ResolutionState.Fold(Conditional("cond-holds"), rows);
            Assert.Equal((new DateOnly(2027, 5, 31), 0), (state.ResolveBy!.Value, state.ExtensionCount));
            Assert.Equal((new DateOnly(2027, 3, 29), 2), (state.ConditionResolveBy!.Value, state.ConditionExtensionCount));
            var stored = await connection.QuerySingleAsync<(string? ExtendTo, long Extensions, string? ConditionExtendTo)>(
                "SELECT extend_to, extensions, condition_extend_to FROM prediction_outcomes WHERE prediction_id = 'cond-holds'");
            Assert.Equal((null, 0L, "2027-03-29"), stored);
        }

        // Not asked again before the new date; asked about the condition the day after it.
        var before = await prompts.RunAsync(new DateTimeOffset(2027, 3, 20, 8, 0, 0, TimeSpan.Zero), PromptRunScope.Initial, false,
            default);
        Assert.DoesNotContain(before.Items, i => i.PredictionId == "cond-holds");
        await AssertDigestAsync(new DateTimeOffset(2027, 3, 20, 8, 0, 0, TimeSpan.Zero), overdue: ["cond-fails"], dueSoon: ["cond-holds"]);
        var after = await prompts.RunAsync(new DateTimeOffset(2027, 3, 30, 8, 0, 0, TimeSpan.Zero), PromptRunScope.Initial, false, default);
        var again = Assert.Single(after.Items, i => i.PredictionId == "cond-holds");
        Assert.Equal(new DateOnly(2027, 3, 29), again.CycleResolveBy);
        Assert.Equal("[FW-cond-holds] Condition due: More than 15% of staff leave", again.Subject);

        // The answer then settles it as usual.
        Assert.Equal(InboundStatus.Applied, (await ReplyAsync("cond-holds", new DateOnly(2027, 3, 29), "CONDITION 22%",
            new DateTimeOffset(2027, 3, 30, 9, 0, 0, TimeSpan.Zero))).Status);
        await AssertDigestAsync(new DateTimeOffset(2027, 4, 1, 8, 0, 0, TimeSpan.Zero), overdue: ["cond-fails"], dueSoon: []);
    }

    private async Task AssertDigestAsync(DateTimeOffset asOf, string[] overdue, string[] dueSoon)
    {
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        foreach (var digest in new[]
        {
            await ScoreStore.BuildDigestAsync(connection, new ForecastWatch.Domain.Digest.DigestBuilder(asOf, asOf.AddDays(-7)), default),
            await ScoreStore.ScanDigestAsync(connection, new ForecastWatch.Domain.Digest.DigestBuilder(asOf, asOf.AddDays(-7)), default),
        })
        {
            Assert.Equal(overdue,
                digest.Overdue.Items.Select(i => i.Prediction.Id).Where(i => i.StartsWith("cond-", StringComparison.Ordinal)));
            Assert.Equal(dueSoon,
                digest.DueSoon.Items.Select(i => i.Prediction.Id).Where(i => i.StartsWith("cond-", StringComparison.Ordinal)));
            Assert.All(digest.Overdue.Items.Where(i => i.Prediction.Id.StartsWith("cond-", StringComparison.Ordinal)), i =>
                Assert.NotNull(i.Prediction.ConditionDueOn));
        }
    }

    private async Task AssertShownAsync(DateTimeOffset now)
    {
        var data = _db.DataDirectory;
        var nowText = now.ToString("O");

        var list = await CliRunner.RunAsync("--data", data, "list", "--now", nowText);
        Assert.True(list.Code == 0, list.Err);
        Assert.Matches(@"cond-fails\s+annulled", list.Out);
        Assert.Matches(@"cond-holds\s+resolved", list.Out);
        var annulledOnly = await CliRunner.RunAsync("--data", data, "list", "--status", "annulled", "--now", nowText);
        Assert.Contains("1 prediction(s)", annulledOnly.Out, StringComparison.Ordinal);

        // The running sums and the full scan agree, and both leave the annulled prediction out.
        var asOf = DateOnly.FromDateTime(now.UtcDateTime);
        await using var connection = await _db.Connections.OpenAsync(CancellationToken.None);
        var card = await ScoreStore.BuildScorecardAsync(connection, new ScorecardBuilder(ScoreDimension.Outlet, asOf), default);
        var scan = await ScoreStore.ScanScorecardAsync(connection, new ScorecardBuilder(ScoreDimension.Outlet, asOf), default);
        Assert.Equal(1, card.ConditionNotMetCount);
        Assert.Equal("cond-fails", Assert.Single(card.ConditionNotMet).Id);
        var numeric = card.Overall.Numeric!;
        Assert.Equal((1, 0.0, 1, 20.0), (numeric.Count, numeric.Hits, numeric.WithError, numeric.MedianApe!.Value));
        Assert.Equal(numeric, scan.Overall.Numeric);
        Assert.Equal(card.Overall.Scored, scan.Overall.Scored);

        var scorecard = await CliRunner.RunAsync("--data", data, "scorecard", "--now", nowText);
        Assert.True(scorecard.Code == 0, scorecard.Err);
        Assert.Contains("20.0%", scorecard.Out, StringComparison.Ordinal);

        var digest = await CliRunner.RunAsync("--data", data, "digest", "--preview", "--now", nowText);
        Assert.True(digest.Code == 0, digest.Err);
        Assert.Contains("Condition not met (1)", digest.Out, StringComparison.Ordinal);
        Assert.Contains("the typical miss was 20.0% of the true value", digest.Out, StringComparison.Ordinal);

        var export = await CliRunner.RunAsync("--data", data, "export");
        Assert.True(export.Code == 0, export.Err);
        var rows = export.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ParseCsv).ToList();
        var header = rows[0];
        string Cell(string id, string column) => rows.Single(r => r[0] == id)[Array.IndexOf(header, column)];
        Assert.Equal(
            ("annulled", "not met", "CONDITION NO"),
            (Cell("cond-fails", "state"), Cell("cond-fails", "condition_status"), Cell("cond-fails", "verdict")));
        Assert.Equal(("resolved", "held"), (Cell("cond-holds", "state"), Cell("cond-holds", "condition_status")));
        Assert.Equal("", Cell("ai-act", "condition_status"));
        Assert.Equal(("2.5", "0.5", "0.5", "20", "20", "no"), (Cell("inflation", "observed_value"), Cell("inflation", "error"),
            Cell("inflation", "abs_error"), Cell("inflation", "pct_error"), Cell("inflation", "abs_pct_error"), Cell("inflation", "hit")));

        var json = await CliRunner.RunAsync("--data", data, "export", "--format", "json");
        using var doc = System.Text.Json.JsonDocument.Parse(json.Out);
        var inflation = doc.RootElement.EnumerateArray().Single(e => e.GetProperty("id").GetString() == "inflation");
        Assert.Equal(20, inflation.GetProperty("pctError").GetDouble());
        Assert.False(inflation.GetProperty("hit").GetBoolean());
        var fails = doc.RootElement.EnumerateArray().Single(e => e.GetProperty("id").GetString() == "cond-fails");
        Assert.Equal("annulled", fails.GetProperty("state").GetString());
    }

    private static string[] ParseCsv(string line)
    {
        var cells = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(sb.ToString());
                sb.Clear();
            }
            else if (c != '\r')
            {
                sb.Append(c);
            }
        }

        cells.Add(sb.ToString());
        return [.. cells];
    }
}
