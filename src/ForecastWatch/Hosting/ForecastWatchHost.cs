using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ForecastWatch.Hosting;

/// <summary>Creates the host builder that the worker and every CLI command share.</summary>
internal static class ForecastWatchHost
{
    /// <param name="configFile">The file named by <c>--config</c>, if any.</param>
    /// <param name="dataDirectory">The directory named by <c>--data</c>, if any (it wins over every other layer).</param>
    /// <param name="timeProvider">The clock (a fixed one for <c>--now</c>); the system clock when null.</param>
    public static HostApplicationBuilder CreateBuilder(string? configFile, string? dataDirectory, TimeProvider? timeProvider = null)
    {
        // The host's defaults are not taken: they read appsettings files a second time with file watchers (a thread
        // and inotify handles for nothing: ConfigurationLayers replaces every source), and add the Debug and
        // EventSource log providers. What of them the worker uses is set here: DOTNET_ENVIRONMENT (default
        // Production), the Logging section, and scope validation when developing.
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = true,
            EnvironmentName = string.IsNullOrWhiteSpace(environment) ? Environments.Production : environment.Trim(),
        });
        var developing = builder.Environment.IsDevelopment();
        builder.ConfigureContainer(new DefaultServiceProviderFactory(
            new ServiceProviderOptions { ValidateScopes = developing, ValidateOnBuild = developing }));

        new ConfigurationLayers(
            AppContext.BaseDirectory,
            builder.Environment.EnvironmentName,
            configFile,
            dataDirectory).ApplyTo(builder.Configuration);

        // Logs go to stderr so that stdout carries only command output (list --json is piped into other tools);
        // the worker (run) moves them to stdout, see LoggingSetup.
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.AddForecastWatchLogging();
        builder.Services.AddForecastWatchCore(builder.Configuration, timeProvider ?? TimeProvider.System);
        return builder;
    }
}
