using System.Globalization;
using ForecastWatch.Cli;
using ForecastWatch.Storage;

namespace ForecastWatch.Tests.Cli;

public sealed class InboxDiscardCommandTests
{
    [Fact]
    public async Task Discard_HeldReply_MarksItDiscardedAndSendsNothing()
    {
        using var setup = await InboxHeldSetup.CreateAsync();
        var id = Assert.Single(await setup.InboundAsync()).Id.ToString(CultureInfo.InvariantCulture);

        var (code, stdout, stderr) = await CliRunner.RunAsync(
            ["inbox", "discard", id, "--by", "desk", "--reason", "the editor did not send it", .. setup.Common]);

        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains($"inbound #{id} discarded by desk; no mail sent.", stdout, StringComparison.Ordinal);
        var row = Assert.Single(await setup.InboundAsync());
        Assert.Equal(InboundStatus.Rejected, row.Status);
        Assert.Equal("Discarded", row.Reason);
        Assert.Equal("Discarded by desk: the editor did not send it", row.Detail);
        Assert.Empty(await setup.OutboxAsync());
        Assert.Empty(await setup.Db.ResolutionsAsync("ai-act"));
    }

    [Fact]
    public async Task Discard_UnknownId_ExitsOne()
    {
        using var setup = await InboxHeldSetup.CreateAsync();

        var (code, _, stderr) = await CliRunner.RunAsync(["inbox", "discard", "77", "--by", "desk", "--reason", "x", .. setup.Common]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("inbound #77 does not exist", stderr, StringComparison.Ordinal);
        Assert.Equal(InboundStatus.Held, Assert.Single(await setup.InboundAsync()).Status);
    }

    [Fact]
    public async Task Discard_BlankReason_ExitsOne()
    {
        using var setup = await InboxHeldSetup.CreateAsync();
        var id = Assert.Single(await setup.InboundAsync()).Id.ToString(CultureInfo.InvariantCulture);

        var (code, _, stderr) = await CliRunner.RunAsync(["inbox", "discard", id, "--by", "desk", "--reason", "", .. setup.Common]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--reason must not be empty", stderr, StringComparison.Ordinal);
        Assert.Equal(InboundStatus.Held, Assert.Single(await setup.InboundAsync()).Status);
    }

    [Fact]
    public async Task Discard_WithoutReason_IsAUsageError()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("inbox", "discard", "1", "--by", "desk");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--reason", stderr, StringComparison.Ordinal);
    }
}
