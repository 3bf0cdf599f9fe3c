using System.Diagnostics;
using System.Text.RegularExpressions;
using ForecastWatch.Tests.Storage;

namespace ForecastWatch.Tests.Hosting;

/// <summary>
/// <c>deploy/compose.cluster.yaml</c>: PostgreSQL and two identical workers on it, every secret from a file, and the
/// settings of the single-worker <c>deploy/compose.yaml</c> (which the container test runs for real) all present.
/// Read line by line, as <c>scripts/container/container-test.sh</c> reads compose.yaml's environment.
/// </summary>
public sealed partial class ComposeClusterTests
{
    private static readonly string Deploy = Path.Combine(Path.GetDirectoryName(RepoSeeds.Directory)!, "deploy");

    [Fact]
    public void Cluster_TwoWorkersOnPostgres_SameCompleteSettingsAndSecretsFromFiles()
    {
        var cluster = Compose.Read(Path.Combine(Deploy, "compose.cluster.yaml"));
        var single = Compose.Read(Path.Combine(Deploy, "compose.yaml"));

        Assert.Equal(["postgres", "worker-1", "worker-2"], cluster.Services.Keys.Order(StringComparer.Ordinal));
        var one = cluster.Services["worker-1"];
        var two = cluster.Services["worker-2"];
        Assert.Equal(one.Environment, two.Environment);
        Assert.Equal(one.Secrets, two.Secrets);
        Assert.NotEqual(one.Volumes, two.Volumes);
        Assert.Equal(one.Volumes.Count, two.Volumes.Count);
        Assert.Contains("postgres", one.DependsOn);
        Assert.Contains("postgres", two.DependsOn);

        // Everything the single worker is given, the cluster's workers are given too, with the same values.
        foreach (var (key, value) in single.Services["forecastwatch"].Environment)
        {
            Assert.True(one.Environment.TryGetValue(key, out var clustered), $"compose.cluster.yaml's workers lack {key}");
            Assert.Equal(value, clustered);
        }

        Assert.Equal("postgres", one.Environment["ForecastWatch__Store"]);
        Assert.Equal("smtp", one.Environment["ForecastWatch__Mailing__Transport"]);
        string[] site = ["ForecastWatch__Mailing__MessageIdDomain", "ForecastWatch__Mailing__From", "ForecastWatch__Editors__DefaultDesk"];
        foreach (var key in site)
        {
            Assert.False(string.IsNullOrWhiteSpace(one.Environment[key]), key);
        }

        Assert.Contains(one.Volumes, static v => v.EndsWith(":/app/config/appsettings.Production.json:ro", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(Deploy, "appsettings.Production.json")), "the editors file the workers mount");

        // Secrets: never a literal value; every file named is a secret of that service, declared with a file.
        foreach (var (name, service) in cluster.Services)
        {
            foreach (var (key, value) in service.Environment)
            {
                if (SecretKey().IsMatch(key))
                {
                    Assert.True(key.EndsWith("_FILE", StringComparison.Ordinal), $"{name}: {key} must come from a file (_FILE)");
                }

                if (value.StartsWith("/run/secrets/", StringComparison.Ordinal))
                {
                    var secret = value["/run/secrets/".Length..];
                    Assert.True(service.Secrets.Contains(secret), $"{name}: {key} reads {secret}, which is not among its secrets");
                    Assert.True(cluster.Secrets.ContainsKey(secret), $"{secret} is not declared under secrets:");
                }
            }
        }

        Assert.Equal("/run/secrets/pg-connection", one.Environment["ForecastWatch__Postgres__ConnectionString_FILE"]);
        Assert.Equal("/run/secrets/pg-password", cluster.Services["postgres"].Environment["POSTGRES_PASSWORD_FILE"]);
        Assert.All(cluster.Secrets.Values, static file => Assert.StartsWith("./secrets/", file, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cluster_IsValidYaml_WhenAYamlParserIsHere()
    {
        var file = Path.Combine(Deploy, "compose.cluster.yaml");
        const string Script = "import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); print(sorted(d['services']))";
        ProcessStartInfo start = new("python3", ["-c", Script, file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process? python;
        try
        {
            python = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return; // no python3: the line reader above is the check
        }

        var output = await python!.StandardOutput.ReadToEndAsync();
        var error = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        if (error.Contains("No module named 'yaml'", StringComparison.Ordinal))
        {
            return;
        }

        Assert.True(python.ExitCode == 0, error);
        Assert.Equal("['postgres', 'worker-1', 'worker-2']", output.Trim());
    }

    [GeneratedRegex("(?i)password|secret|connectionstring")]
    private static partial Regex SecretKey();

    private sealed record Service(
        Dictionary<string, string> Environment, List<string> Secrets, List<string> Volumes, List<string> DependsOn);

    private sealed record Compose(Dictionary<string, Service> Services, Dictionary<string, string> Secrets)
    {
        /// <summary>Top-level services and secrets; per service its environment map, secrets, volumes and depends_on.</summary>
        public static Compose Read(string path)
        {
            var services = new Dictionary<string, Service>(StringComparer.Ordinal);
            var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
            string? section = null, service = null, block = null, secret = null;
            foreach (var raw in File.ReadAllLines(path))
            {
                if (raw.TrimStart().StartsWith('#') || raw.Trim().Length == 0)
                {
                    continue;
                }

                var indent = raw.Length - raw.TrimStart().Length;
                var line = raw.Trim();
                if (indent == 0)
                {
                    section = line.TrimEnd(':');
                    continue;
                }

                if (section == "secrets")
                {
                    if (indent == 2)
                    {
                        secret = line.TrimEnd(':');
                    }
                    else if (line.StartsWith("file:", StringComparison.Ordinal))
                    {
                        secrets[secret!] = line["file:".Length..].Trim();
                    }

                    continue;
                }

                if (section != "services")
                {
                    continue;
                }

                if (indent == 2)
                {
                    service = line.TrimEnd(':');
                    services[service] = new Service(new(StringComparer.Ordinal), [], [], []);
                    continue;
                }

                if (indent == 4)
                {
                    block = line.TrimEnd(':');
                    continue;
                }

                var current = services[service!];
                switch (block)
                {
                    case "environment" when indent == 6:
                        var (key, _, value) = line.Partition(':');
                        current.Environment[key] = value.Trim().Trim('"');
                        break;
                    case "secrets" when line.StartsWith("- ", StringComparison.Ordinal):
                        current.Secrets.Add(line[2..]);
                        break;
                    case "volumes" when line.StartsWith("- ", StringComparison.Ordinal):
                        current.Volumes.Add(line[2..]);
                        break;
                    case "depends_on" when indent == 6:
                        current.DependsOn.Add(line.TrimEnd(':'));
                        break;
                }
            }

            return new Compose(services, secrets);
        }
    }
}

internal static class ComposeLineExtensions
{
    public static (string Key, char Separator, string Value) Partition(this string line, char separator)
    {
        var at = line.IndexOf(separator, StringComparison.Ordinal);
        return at < 0 ? (line, separator, "") : (line[..at], separator, line[(at + 1)..]);
    }
}
