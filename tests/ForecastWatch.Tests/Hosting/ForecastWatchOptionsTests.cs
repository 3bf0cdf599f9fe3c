using ForecastWatch.Cli;
using ForecastWatch.Tests.Cli;
using ForecastWatch.Tests.Storage;

namespace ForecastWatch.Tests.Hosting;

public sealed class ForecastWatchOptionsTests : IDisposable
{
    private readonly TempSeeds _seeds = new();

    public void Dispose() => _seeds.Dispose();

    private async Task<(int Code, string Err)> RunWithConfigAsync(string json)
    {
        var config = Path.Combine(_seeds.Root, "override.json");
        await File.WriteAllTextAsync(config, json);
        var (code, _, error) = await CliRunner.RunAsync("--config", config, "--data", _seeds.DataDir, "list");
        return (code, error);
    }

    [Theory]
    [InlineData("""{ "ForecastWatch": { "TimeZone": "" } }""", "ForecastWatch:TimeZone")]
    [InlineData("""{ "ForecastWatch": { "TimeZone": "Mars/Olympus_Mons" } }""", "ForecastWatch:TimeZone")]
    [InlineData("""{ "ForecastWatch": { "OverdueGrace": "soon" } }""", "ForecastWatch:OverdueGrace")]
    [InlineData("""{ "ForecastWatch": { "OverdueGrace": "400.00:00:00" } }""", "ForecastWatch:OverdueGrace")]
    [InlineData("""{ "ForecastWatch": { "Store": "mysql" } }""", "ForecastWatch:Store")]
    [InlineData("""{ "ForecastWatch": { "Store": "postgres" } }""", "ForecastWatch:Postgres:ConnectionString")]
    [InlineData("""{ "ForecastWatch": { "Store": "postgres", "Postgres": { "ConnectionString": "Host=db" } } }""",
        "ForecastWatch:Postgres:ConnectionString names no Database")]
    [InlineData("""{ "ForecastWatch": { "Store": "postgres", "Postgres": { "ConnectionString": "Hose=db;Database=fw" } } }""",
        "ForecastWatch:Postgres:ConnectionString")]
    public async Task Start_MissingOrMalformedSetting_ExitsOneNamingTheKey(string json, string key)
    {
        var (code, error) = await RunWithConfigAsync(json);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(key, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PostgresPasswordInConfigFile_RefusedNamingTheKeyWithoutTheSecret()
    {
        var (code, error) = await RunWithConfigAsync(
            """{ "ForecastWatch": { "Store": "postgres", "Postgres": """
            + """{ "ConnectionString": "Host=db;Database=fw;Password=hunter2-s3cret" } } }""");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("ForecastWatch:Postgres:ConnectionString", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_EmptyDataDirectory_ExitsOneNamingTheKey()
    {
        var config = Path.Combine(_seeds.Root, "override.json");
        await File.WriteAllTextAsync(config, """{ "ForecastWatch": { "DataDirectory": "" } }""");

        var (code, _, error) = await CliRunner.RunAsync("--config", config, "list");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("ForecastWatch:DataDirectory", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ConfigFileMissing_ExitsOne()
    {
        var (code, _, error) = await CliRunner.RunAsync("--config", Path.Combine(_seeds.Root, "absent.json"), "--data", _seeds.DataDir,
            "list");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("absent.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ConfigFileNotJson_ExitsOne()
    {
        var (code, error) = await RunWithConfigAsync("ForecastWatch: { TimeZone: UTC");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith("configuration:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ValidOverride_IsUsed()
    {
        var (code,
            error) = await RunWithConfigAsync("""{ "ForecastWatch": { "TimeZone": "Europe/Berlin", "OverdueGrace": "7.00:00:00" } }""");

        Assert.True(code == ExitCodes.Ok, error);
    }
}
