using ForecastWatch.Cli;
using ForecastWatch.Tests.Support;

namespace ForecastWatch.Tests.Cli;

public sealed class MailCheckCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("fw-mailcheck-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Config(string json)
    {
        var path = Path.Combine(directory, "config.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public async Task Check_NothingListening_ReportsRefusedAndExitsOne()
    {
        var config = Config("""{"Mail":{"Smtp": { "Host":"127.0.0.1","Port":1},"Imap":{"Host":"127.0.0.1","Port":1}}}""");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["mail", "check", "--config", config, "--data", directory], stdout, stderr);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("smtp: refused: nothing accepts connections on 127.0.0.1:1", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("imap: refused", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_HostNotConfigured_SaysWhichKey()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["mail", "check", "--only", "imap", "--config", Config("{}"), "--data", directory], stdout,
            stderr);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("Mail:Imap:Host is not set", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("smtp", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_InvalidSetting_IsAConfigurationError()
    {
        var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["mail", "check", "--config", Config("""{"Mail":{"Smtp":{"Port":70000}}}"""), "--data", directory],
            new StringWriter(), stderr);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("Mail:Smtp:Port", stderr.ToString(), StringComparison.Ordinal);
    }

    [MailServerFact]
    public async Task Check_LoopbackServers_ReportsCapabilitiesAndLogin()
    {
        var root = Environment.GetEnvironmentVariable("FW_MAIL_ROOT") is { Length: > 0 } r ? r : "/tmp/fw-mail";
        var cert = Path.Combine(root, "tls", "cert.pem");
        var password = Path.Combine(directory, "password");
        File.WriteAllText(password, "desk-pass\n");
        var host = Environment.GetEnvironmentVariable("FW_MAIL_SERVER");
        var config = Config($$"""
            { "Mail": {
              "Smtp": { "Host":"{{host}}","Port":2587,"TlsMode":"StartTls","UserName":"desk@example.test","PasswordFile":"{{password}}",
                "TrustedCaFile":"{{cert}}" },
              "Imap": { "Host":"{{host}}","Port":1143,"TlsMode":"StartTls","UserName":"desk@example.test","PasswordFile":"{{password}}",
                "TrustedCaFile":"{{cert}}" } } }
            """);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = await CliApp.RunAsync(["mail", "check", "--config", config, "--data", directory], stdout, stderr);

        Assert.True(code == ExitCodes.Ok, stderr.ToString());
        Assert.Contains("auth mechanisms: PLAIN, LOGIN", stdout.ToString(), StringComparison.Ordinal);
        Assert.Matches("folder ForecastWatch/Processed: (exists|created)", stdout.ToString());
        Assert.Matches("folder ForecastWatch/Rejected: (exists|created)", stdout.ToString());
        Assert.Contains("login: ok as desk@example.test", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("INBOX:", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("IDLE", stdout.ToString(), StringComparison.Ordinal);
    }
}
