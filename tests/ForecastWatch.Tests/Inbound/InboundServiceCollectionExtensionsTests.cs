using System.Text;
using ForecastWatch.Cli;
using ForecastWatch.Inbound;
using ForecastWatch.Storage;
using ForecastWatch.Tests.Cli;

namespace ForecastWatch.Tests.Inbound;

/// <summary>The inbox settings as the commands build them from configuration.</summary>
public sealed class InboundServiceCollectionExtensionsTests
{
    private static Task DeliverAsync(string data, string authenticationResults) =>
        MaildirSource.DeliverAsync(Path.Combine(data, "inbox"), Encoding.UTF8.GetBytes(
            $"From: desk@example.test\r\nTo: desk@example.test\r\nSubject: Re: [FW-ai-act] Due\r\nMessage-ID: "
                + $"<{Guid.NewGuid():N}@example.org>\r\n" +
            $"Authentication-Results: {authenticationResults}\r\n\r\nYES\r\n"), CancellationToken.None);

    [Fact]
    public async Task AddForecastWatchInbound_StrictDkimAlignment_HoldsSubdomainSignerAndListShowsWhy()
    {
        using var db = await InboundTestDatabase.CreateAsync();
        using var dir = new TempDirectory();
        var config = Path.Combine(dir.Path, "strict.json");
        await File.WriteAllTextAsync(config, """
            { "ForecastWatch": { "Inbox": { "AuthServId": "mx.example.test", "RequireAuthentication": true, "DkimAlignment": "strict" } } }
            """);
        string[] common = ["--data", db.DataDirectory, "--config", config];
        await DeliverAsync(db.DataDirectory, "mx.example.test; dkim=pass header.d=mail.example.test; dmarc=none");
        var process = await CliRunner.RunAsync(["inbox", "process", "--once", .. common]);
        Assert.True(process.Code == ExitCodes.Ok, process.Err);
        await DeliverAsync(db.DataDirectory, "mx.example.test; dkim=pass header.d=example.test; dmarc=none");
        await CliRunner.RunAsync(["inbox", "process", "--once", .. common]);

        var list = await CliRunner.RunAsync(["inbox", "list", "--rejected", .. common]);

        var statuses = (await db.InboundAsync()).OrderBy(r => r.Id).Select(r => r.Status).ToList();
        Assert.Equal([InboundStatus.Held, InboundStatus.Applied], statuses);
        var line = Assert.Single(list.Out.Split('\n'), l => l.Contains("held", StringComparison.Ordinal));
        Assert.Contains("DkimNotAligned", line, StringComparison.Ordinal);
        Assert.Contains("dkim=pass by mail.example.test is not aligned with From domain example.test (strict)", line,
            StringComparison.Ordinal);
        Assert.Contains("1 message(s)", list.Out, StringComparison.Ordinal);
    }
}
