using System.Text;
using ForecastWatch.Inbound;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Inbound;

namespace ForecastWatch.Tests.Cli;

/// <summary>A data directory whose inbox held one reply for review (dmarc=fail from our authserv-id), for the review commands.</summary>
internal sealed class InboxHeldSetup : IDisposable
{
    private readonly TempDirectory _configDir = new();

    private InboxHeldSetup(InboundTestDatabase db)
    {
        Db = db;
        ConfigFile = Path.Combine(_configDir.Path, "held.json");
    }

    public InboundTestDatabase Db { get; }

    public string ConfigFile { get; }

    public string[] Common => ["--data", Db.DataDirectory, "--config", ConfigFile];

    public static async Task<InboxHeldSetup> CreateAsync(params string[] bodies)
    {
        var setup = new InboxHeldSetup(await InboundTestDatabase.CreateAsync());
        await File.WriteAllTextAsync(setup.ConfigFile, """{ "ForecastWatch": { "Inbox": { "AuthServId": "mx.example.test" } } }""");
        foreach (var body in bodies.Length == 0 ? ["YES - see https://example.org/law"] : bodies)
        {
            await MaildirSource.DeliverAsync(Path.Combine(setup.Db.DataDirectory, "inbox"), Encoding.UTF8.GetBytes(
                $"From: desk@example.test\r\nTo: desk@example.test\r\nSubject: Re: [FW-ai-act] Due\r\nMessage-ID: "
                    + $"<{Guid.NewGuid():N}@example.org>\r\n" +
                $"Authentication-Results: mx.example.test; dkim=none; dmarc=fail header.from=example.test\r\n\r\n{body}\r\n"),
                CancellationToken.None);
        }

        var (code, _, err) = await CliRunner.RunAsync(["inbox", "process", "--once", .. setup.Common]);
        Assert.True(code == 0, err);
        return setup;
    }

    public async Task<IReadOnlyList<InboundRecord>> InboundAsync() => await Db.InboundAsync();

    public async Task<IReadOnlyList<OutboxEntry>> OutboxAsync()
    {
        await using var connection = await Db.Connections.OpenAsync(CancellationToken.None);
        return await OutboxStore.ListAsync(connection, null, CancellationToken.None);
    }

    public void Dispose()
    {
        Db.Dispose();
        _configDir.Dispose();
    }
}
