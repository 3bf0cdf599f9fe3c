using System.CommandLine;
using ForecastWatch.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ForecastWatch.Hosting;

/// <summary>Creates the host builder that the worker and every CLI command share.</summary>
internal static class ForecastWatchHost
{
    public static HostApplicationBuilder CreateBuilder(ParseResult parseResult, TimeProvider? timeProvider = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = false,
        });

        var configFile = parseResult.GetValue(GlobalOptions.Config);
        builder.Configuration.Sources.Clear();
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "config", "appsettings.json"), optional: true, reloadOnChange: false)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "config", $"appsettings.{builder.Environment.EnvironmentName}.json"), optional: true, reloadOnChange: false)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "config", "appsettings.json"), optional: true, reloadOnChange: false);
        if (!string.IsNullOrEmpty(configFile))
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }

        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddSecretFiles();

        var data = parseResult.GetValue(GlobalOptions.Data);
        if (!string.IsNullOrEmpty(data))
        {
            builder.Configuration.AddInMemoryCollection([new("ForecastWatch:DataDirectory", data)]);
        }

        // Logs go to stderr so that stdout carries only command output (list --json is piped into other tools);
        // the worker (run) moves them to stdout, see LoggingSetup.
        builder.AddForecastWatchLogging();
        builder.Services.AddForecastWatchCore(builder.Configuration, timeProvider ?? TimeProvider.System);
        return builder;
    }
}
