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

        new ConfigurationLayers(
            AppContext.BaseDirectory,
            builder.Environment.EnvironmentName,
            parseResult.GetValue(GlobalOptions.Config),
            parseResult.GetValue(GlobalOptions.Data)).ApplyTo(builder.Configuration);

        // Logs go to stderr so that stdout carries only command output (list --json is piped into other tools);
        // the worker (run) moves them to stdout, see LoggingSetup.
        builder.AddForecastWatchLogging();
        builder.Services.AddForecastWatchCore(builder.Configuration, timeProvider ?? TimeProvider.System);
        return builder;
    }
}
