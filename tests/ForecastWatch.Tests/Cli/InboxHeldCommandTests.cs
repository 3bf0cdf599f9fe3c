using System.Text.Json;
using ForecastWatch.Cli;

namespace ForecastWatch.Tests.Cli;

public sealed class InboxHeldCommandTests
{
    [Fact]
    public async Task Held_DmarcFailReply_ListsSenderReasonAndVerdictLine()
    {
        using var setup = await InboxHeldSetup.CreateAsync("YES - see https://example.org/law", "perhaps");

        var (code, stdout, stderr) = await CliRunner.RunAsync(["inbox", "held", .. setup.Common]);

        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains("desk@example.test", stdout, StringComparison.Ordinal);
        Assert.Contains("DmarcFailed", stdout, StringComparison.Ordinal);
        Assert.Contains("mx.example.test reports dmarc=fail for desk@example.test.", stdout, StringComparison.Ordinal);
        Assert.Contains("verdict line: \"YES - see https://example.org/law\"", stdout, StringComparison.Ordinal);
        Assert.Contains("verdict line: \"perhaps\" (The first line \"perhaps\" does not start with a verdict.)", stdout,
            StringComparison.Ordinal);
        Assert.Contains("2 held message(s)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Held_Json_HasReasonDetailAndVerdictLine()
    {
        using var setup = await InboxHeldSetup.CreateAsync();

        var (code, stdout, _) = await CliRunner.RunAsync(["inbox", "held", "--json", .. setup.Common]);

        Assert.Equal(ExitCodes.Ok, code);
        var item = Assert.Single(JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList());
        Assert.Equal((await setup.InboundAsync())[0].Id, item.GetProperty("id").GetInt64());
        Assert.Equal("desk@example.test", item.GetProperty("sender").GetString());
        Assert.Equal("ai-act", item.GetProperty("predictionId").GetString());
        Assert.Equal("DmarcFailed", item.GetProperty("reason").GetString());
        Assert.Equal("YES - see https://example.org/law", item.GetProperty("verdictLine").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("verdictProblem").ValueKind);
    }

    [Fact]
    public async Task Held_AfterRelease_IsEmptyAndReviewedShowsTheAudit()
    {
        using var setup = await InboxHeldSetup.CreateAsync();
        var id = (await setup.InboundAsync())[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await CliRunner.RunAsync(
            ["inbox", "release", id, "--by", "Standards Desk", "--note", "phoned her", "--now", "2027-06-02T08:30:00Z", .. setup.Common]);

        var (_, held, _) = await CliRunner.RunAsync(["inbox", "held", .. setup.Common]);
        var (code, reviewed, stderr) = await CliRunner.RunAsync(["inbox", "held", "--reviewed", "--json", .. setup.Common]);

        Assert.Contains("0 held message(s)", held, StringComparison.Ordinal);
        Assert.True(code == ExitCodes.Ok, stderr);
        var item = Assert.Single(JsonDocument.Parse(reviewed).RootElement.EnumerateArray().ToList());
        Assert.Equal("released", item.GetProperty("action").GetString());
        Assert.Equal("Standards Desk", item.GetProperty("reviewer").GetString());
        Assert.Equal("phoned her", item.GetProperty("note").GetString());
        Assert.Equal(new DateTimeOffset(2027, 6, 2, 8, 30, 0, TimeSpan.Zero), item.GetProperty("reviewedAt").GetDateTimeOffset());
        Assert.Equal("DmarcFailed", item.GetProperty("heldReason").GetString());
        Assert.Equal("applied", item.GetProperty("status").GetString());
    }
}
