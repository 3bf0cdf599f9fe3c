using System.Collections;
using System.Diagnostics;
using ForecastWatch.Hosting;
using Microsoft.Extensions.Configuration;

namespace ForecastWatch.Tests.Hosting;

/// <summary>
/// The documented order: defaults, environment file, <c>--config</c>, environment variables, <c>*_FILE</c> secrets,
/// <c>--data</c>; each file once. The process test runs the real executable the way the container does: the working
/// directory is the application directory (<c>WORKDIR /app</c>) and the environment file is mounted beside the defaults.
/// </summary>
public sealed class ConfigurationLayersTests : IDisposable
{
    private readonly string _app = Directory.CreateTempSubdirectory("fw-layers-").FullName;

    public void Dispose() => Directory.Delete(_app, recursive: true);

    private string Write(string relative, string content)
    {
        var path = Path.Combine(_app, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private static string Layer(string value) =>
        $$"""{ "ForecastWatch": { "Probe": { "{{value}}": "{{value}}", "Winner": "{{value}}" } } }""";

    private IConfigurationRoot CreateSut(string? configFile, string? data, IDictionary environment) =>
        (IConfigurationRoot)new ConfigurationLayers(_app, "Production", configFile, data).ApplyTo(new ConfigurationManager(), environment);

    [Fact]
    public void ApplyTo_EveryLayerPresent_LaterLayersWinInTheDocumentedOrder()
    {
        Write("config/appsettings.json", Layer("defaults"));
        Write("config/appsettings.Production.json", Layer("environment-file"));
        var extra = Write("extra.json", Layer("config-option"));
        var secret = Write("secret", "secret-file\n");
        var environment = new Hashtable
        {
            ["ForecastWatch__Probe__Winner"] = "environment-variable",
            ["ForecastWatch__Probe__environment-variable"] = "environment-variable",
            ["ForecastWatch__Probe__Winner_FILE"] = secret,
            ["ForecastWatch__DataDirectory"] = "from-environment",
        };

        var sut = CreateSut(extra, "from-data-option", environment);

        Assert.Equal("secret-file", sut["ForecastWatch:Probe:Winner"]);
        foreach (var layer in (string[])["defaults", "environment-file", "config-option", "environment-variable"])
        {
            Assert.Equal(layer, sut["ForecastWatch:Probe:" + layer]);
        }

        Assert.Equal("from-data-option", sut["ForecastWatch:DataDirectory"]);
    }

    [Theory]
    [InlineData(3, "environment-variable")]
    [InlineData(2, "config-option")]
    [InlineData(1, "environment-file")]
    [InlineData(0, "defaults")]
    public void ApplyTo_UpperLayersAbsent_NextLayerDownWins(int layers, string expected)
    {
        Write("config/appsettings.json", Layer("defaults"));
        if (layers >= 1)
        {
            Write("config/appsettings.Production.json", Layer("environment-file"));
        }

        var extra = layers >= 2 ? Write("extra.json", Layer("config-option")) : null;
        var environment = layers >= 3 ? new Hashtable { ["ForecastWatch__Probe__Winner"] = "environment-variable" } : new Hashtable();

        var sut = CreateSut(extra, null, environment);

        Assert.Equal(expected, sut["ForecastWatch:Probe:Winner"]);
    }

    [Fact]
    public void ApplyTo_ConfigOptionNamesTheDefaults_EachFileLoadedOnce()
    {
        var defaults = Write("config/appsettings.json", Layer("defaults"));
        Write("config/appsettings.Production.json", Layer("environment-file"));

        var sut = CreateSut(defaults, null, new Hashtable());

        var files = sut.Providers.OfType<Microsoft.Extensions.Configuration.Json.JsonConfigurationProvider>()
            .Select(static p => p.Source.Path)
            .ToList();
        Assert.Equal(files.Distinct().Count(), files.Count);
        Assert.Equal("environment-file", sut["ForecastWatch:Probe:Winner"]);
    }

    [Fact]
    public void ApplyTo_ConfigOptionFileMissing_Throws()
    {
        Assert.Throws<FileNotFoundException>(() => CreateSut(Path.Combine(_app, "absent.json"), null, new Hashtable()).Reload());
    }

    /// <summary>
    /// The container layout: the executable's directory is the working directory and holds <c>config/</c>. A
    /// mounted environment file with an invalid time zone must stop the start, and a variable must beat that file.
    /// </summary>
    [Fact]
    public async Task Process_WorkingDirectoryIsAppDirectory_EnvironmentFileIsNotOverriddenByDefaults()
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(AppContext.BaseDirectory))
        {
            var name = Path.GetFileName(entry);
            if (name.StartsWith("forecastwatch.", StringComparison.Ordinal))
            {
                // Copied: the host resolves the application's path through symbolic links.
                File.Copy(entry, Path.Combine(_app, name));
            }
            else if (name != ConfigurationLayers.ConfigDirectoryName)
            {
                File.CreateSymbolicLink(Path.Combine(_app, name), entry);
            }
        }

        Write("config/appsettings.json", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "config", "appsettings.json")));
        Write("config/appsettings.Production.json", """{ "ForecastWatch": { "TimeZone": "Mars/Olympus" } }""");

        var fromFile = await RunAsync([]);
        var fromVariable = await RunAsync([("ForecastWatch__TimeZone", "Venus/Maxwell")]);

        Assert.Equal(1, fromFile.Code);
        Assert.Contains("ForecastWatch:TimeZone 'Mars/Olympus'", fromFile.Err, StringComparison.Ordinal);
        Assert.Equal(1, fromVariable.Code);
        Assert.Contains("ForecastWatch:TimeZone 'Venus/Maxwell'", fromVariable.Err, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Err)> RunAsync((string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _app,
        };
        info.ArgumentList.Add(Path.Combine(_app, "forecastwatch.dll"));
        info.ArgumentList.Add("--data");
        info.ArgumentList.Add(Path.Combine(_app, "data"));
        info.ArgumentList.Add("migrate");
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment.Remove("ForecastWatch__TimeZone");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stderr);
    }
}
