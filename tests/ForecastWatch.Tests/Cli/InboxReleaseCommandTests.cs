using System.Globalization;
using ForecastWatch.Cli;
using ForecastWatch.Storage;

namespace ForecastWatch.Tests.Cli;

public sealed class InboxReleaseCommandTests
{
    private static async Task<string> HeldIdAsync(InboxHeldSetup setup) =>
        (await setup.InboundAsync()).Single(static r => r.Status == InboundStatus.Held).Id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Release_HeldReply_AppliesAndQueuesTheConfirmation()
    {
        using var setup = await InboxHeldSetup.CreateAsync();
        var id = await HeldIdAsync(setup);

        var (code, stdout, stderr) = await CliRunner.RunAsync(["inbox", "release", id, "--by", "desk", .. setup.Common]);

        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains($"inbound #{id} released by desk: applied", stdout, StringComparison.Ordinal);
        Assert.Contains("answer queued to desk@example.test", stdout, StringComparison.Ordinal);
        Assert.Single(await setup.Db.ResolutionsAsync("ai-act"));
        Assert.Equal(["desk@example.test"], Assert.Single(await setup.OutboxAsync()).Recipients);
    }

    [Fact]
    public async Task Release_Twice_SecondExitsZeroAndChangesNothing()
    {
        using var setup = await InboxHeldSetup.CreateAsync();
        var id = await HeldIdAsync(setup);
        await CliRunner.RunAsync(["inbox", "release", id, "--by", "desk", .. setup.Common]);

        var (code, stdout, _) = await CliRunner.RunAsync(["inbox", "release", id, "--by", "desk", .. setup.Common]);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("already released by desk", stdout, StringComparison.Ordinal);
        Assert.Contains("nothing changed", stdout, StringComparison.Ordinal);
        Assert.Single(await setup.Db.ResolutionsAsync("ai-act"));
        Assert.Single(await setup.OutboxAsync());
    }

    [Theory]
    [InlineData("999", "inbound #999 does not exist")]
    [InlineData("abc", "'abc' is not an inbound message id")]
    [InlineData("0", "'0' is not an inbound message id")]
    public async Task Release_UnknownOrMalformedId_ExitsOneAndChangesNothing(string id, string message)
    {
        using var setup = await InboxHeldSetup.CreateAsync();

        var (code, _, stderr) = await CliRunner.RunAsync(["inbox", "release", id, "--by", "desk", .. setup.Common]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Equal(InboundStatus.Held, Assert.Single(await setup.InboundAsync()).Status);
        Assert.Empty(await setup.OutboxAsync());
    }

    [Fact]
    public async Task Release_MessageThatWasNotHeld_ExitsOne()
    {
        using var setup = await InboxHeldSetup.CreateAsync();
        var id = await HeldIdAsync(setup);
        await CliRunner.RunAsync(["inbox", "discard", id, "--by", "desk", "--reason", "spoofed", .. setup.Common]);

        var (code, _, stderr) = await CliRunner.RunAsync(["inbox", "release", id, "--by", "desk", .. setup.Common]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("is not held for review: it was discarded by desk", stderr, StringComparison.Ordinal);
        Assert.Empty(await setup.Db.ResolutionsAsync("ai-act"));
    }

    [Fact]
    public async Task Release_BlankBy_ExitsOne()
    {
        using var setup = await InboxHeldSetup.CreateAsync();

        var (code, _, stderr) = await CliRunner.RunAsync(["inbox", "release", await HeldIdAsync(setup), "--by", "  ", .. setup.Common]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--by must not be empty", stderr, StringComparison.Ordinal);
        Assert.Equal(InboundStatus.Held, Assert.Single(await setup.InboundAsync()).Status);
    }

    [Fact]
    public async Task Release_WithoutBy_IsAUsageError()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("inbox", "release", "1");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--by", stderr, StringComparison.Ordinal);
    }
}
