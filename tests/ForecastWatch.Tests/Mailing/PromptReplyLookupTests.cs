using ForecastWatch.Domain.Prompts;
using ForecastWatch.Hosting;
using ForecastWatch.Mailing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Tests.Mailing;

public sealed class PromptReplyLookupTests : IDisposable
{
    private readonly MailingTestDatabase _db = new();
    private readonly InMemoryPromptSource _source = new();

    public void Dispose() => _db.Dispose();

    private PromptReplyLookup CreateSut() => new(_db, _source, new PromptTokenProvider(
        Options.Create(PromptTestHarness.Mailing()), Options.Create(new ForecastWatchOptions()), NullLogger<PromptTokenProvider>.Instance));

    private async Task<string> PromptAsync()
    {
        _source.Add(PromptTestHarness.Prediction("p1", "2027-05-31"));
        var report = await PromptTestHarness.CreatePromptService(_db, _source).RunAsync(new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero), PromptRunScope.All, false, default);
        Assert.True(PromptMessageId.TryParse(Assert.Single(report.Items).MessageId, "example.test", out var promptId, out _));
        return PromptToken.FromSecret(PromptTestHarness.Secret).Create(promptId, "editor@example.test");
    }

    [Fact]
    public async Task ResolveTokenAsync_IssuedToken_ThreadOfRecipientNotExpired()
    {
        var token = await PromptAsync();

        var match = await CreateSut().ResolveTokenAsync(token, default);

        Assert.NotNull(match);
        Assert.Equal("p1", match.Thread.PredictionId);
        Assert.Equal("editor@example.test", match.Thread.Recipient);
        Assert.False(match.IsExpired);
    }

    [Fact]
    public async Task ResolveTokenAsync_PredictionResolved_Expired()
    {
        var token = await PromptAsync();
        _source.Update("p1", p => p with { IsOpen = false });

        var match = await CreateSut().ResolveTokenAsync(token, default);

        Assert.True(match!.IsExpired);
    }

    [Fact]
    public async Task ResolveTokenAsync_ForgedOrUnknown_Null()
    {
        var token = await PromptAsync();
        var forged = PromptToken.FromSecret("another-secret-0123456789").Create(1, "editor@example.test");
        var otherRecipient = PromptToken.FromSecret(PromptTestHarness.Secret).Create(1, "outsider@example.test");
        var unknownPrompt = PromptToken.FromSecret(PromptTestHarness.Secret).Create(999, "editor@example.test");

        var sut = CreateSut();

        Assert.NotNull(await sut.ResolveTokenAsync(token, default));
        Assert.Null(await sut.ResolveTokenAsync(forged, default));
        Assert.Null(await sut.ResolveTokenAsync(otherRecipient, default));
        Assert.Null(await sut.ResolveTokenAsync(unknownPrompt, default));
        Assert.Null(await sut.ResolveTokenAsync("garbage", default));
    }
}
