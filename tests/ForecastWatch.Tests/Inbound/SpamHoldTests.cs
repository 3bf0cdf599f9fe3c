using System.Text;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Inbound;
using ForecastWatch.Storage;

namespace ForecastWatch.Tests.Inbound;

/// <summary>Mail our server flagged as spam is held, never applied and never answered.</summary>
public sealed class SpamHoldTests : IAsyncLifetime
{
    private InboundTestDatabase _db = null!;
    private readonly FakeAnswerSink _sink = new();

    public async Task InitializeAsync() => _db = await InboundTestDatabase.CreateAsync();

    public Task DisposeAsync()
    {
        _db.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("X-Spam-Flag: YES")]
    [InlineData("X-Spam-Status: Yes, score=7.2 required=5.0 tests=FORGED_MUA")]
    public async Task SpamFlaggedReply_IsHeldNotAppliedNotAnswered(string flag)
    {
        var sut = new InboundProcessor(
            _db.Connections,
            new RawMailStore(Path.Combine(_db.DataDirectory, "raw")),
            new SimpleMailReader(),
            new FakePrompts(),
            _sink,
            new InboundSettings("desk@example.test", "fw.example.test", "X-ForecastWatch-Loop", ReplyAuthenticationSettings.Off),
            TimeProvider.System);
        var mail = $"From: editor@example.test\nTo: desk@example.test\nSubject: Re: [FW-ai-act] Due\nMessage-ID: "
            + $"<{Guid.NewGuid():N}@x>\n{flag}\n\nYES";

        var outcome = await sut.RecordAndDecideAsync("test", null, (s, ct) => s.WriteAsync(Encoding.UTF8.GetBytes(mail), ct).AsTask(),
            CancellationToken.None);

        Assert.Equal(InboundStatus.Held, outcome.Status);
        Assert.Equal(nameof(ReplyRejection.Spam), outcome.Reason);
        Assert.Empty(await _db.ResolutionsAsync("ai-act"));
        Assert.Empty(_sink.Answers);
    }

    [Fact]
    public async Task SpamStatusNo_IsDecidedAsUsual()
    {
        var sut = new InboundProcessor(
            _db.Connections,
            new RawMailStore(Path.Combine(_db.DataDirectory, "raw")),
            new SimpleMailReader(),
            new FakePrompts(),
            _sink,
            new InboundSettings("desk@example.test", "fw.example.test", "X-ForecastWatch-Loop", ReplyAuthenticationSettings.Off),
            TimeProvider.System);
        var mail = $"From: editor@example.test\nTo: desk@example.test\nSubject: Re: [FW-ai-act] Due\nMessage-ID: "
            + $"<{Guid.NewGuid():N}@x>\nX-Spam-Status: No, score=0.1\n\nYES";

        var outcome = await sut.RecordAndDecideAsync("test", null, (s, ct) => s.WriteAsync(Encoding.UTF8.GetBytes(mail), ct).AsTask(),
            CancellationToken.None);

        Assert.Equal(InboundStatus.Applied, outcome.Status);
    }
}
