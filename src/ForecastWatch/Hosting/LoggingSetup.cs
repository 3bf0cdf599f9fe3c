using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Hosting;

/// <summary>
/// Console logging only (12-factor: the container engine collects the streams). Formatter and its options come from
/// <c>Logging:Console</c>, so <c>Logging__Console__FormatterName=json</c> switches to one JSON object per line.
/// </summary>
internal static class LoggingSetup
{
    /// <summary>CLI commands log to stderr, so that their stdout stays the command's own output.</summary>
    public static HostApplicationBuilder AddForecastWatchLogging(this HostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole();
        builder.Services.Configure<ConsoleLoggerOptions>(static o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        // Without a formatter name the console provider copies its own obsolete settings over the formatter's, so
        // Logging:Console:FormatterOptions would be ignored: name the default formatter explicitly.
        builder.Services.PostConfigure<ConsoleLoggerOptions>(static o => o.FormatterName ??= ConsoleFormatterNames.Simple);
        return builder;
    }

    /// <summary>The worker logs everything to stdout and starts with a summary of its configuration (no secret values).</summary>
    public static HostApplicationBuilder AddForecastWatchWorkerLogging(this HostApplicationBuilder builder)
    {
        builder.Services.PostConfigure<ConsoleLoggerOptions>(static o => o.LogToStandardErrorThreshold = LogLevel.None);
        builder.Services.AddHostedService<ConfigurationSummaryService>();
        return builder;
    }

    /// <summary>Whether a configuration key names a secret (its value must never be printed).</summary>
    public static bool IsSecretKey(string key)
    {
        // .NET's ConnectionStrings section: the values are named by database, and they may embed a password.
        if (key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var name = key[(key.LastIndexOf(':') + 1)..];
        return SecretMarkers.Any(marker => name.Contains(marker, StringComparison.OrdinalIgnoreCase));
    }

    private static readonly string[] SecretMarkers = ["password", "secret", "token", "apikey", "api_key", "credential", "connectionstring",
        "privatekey"];
}

/// <summary>Logs once at start what the operator needs to check a deployment, naming secrets but never showing them.</summary>
internal sealed partial class ConfigurationSummaryService(
    IConfiguration configuration,
    IHostEnvironment environment,
    IOptions<ForecastWatchOptions> options,
    IOptions<HostOptions> hostOptions,
    ILogger<ConfigurationSummaryService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var version =
            typeof(ConfigurationSummaryService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? "unknown";
        LogStarting(logger, version, environment.EnvironmentName, Path.GetFullPath(options.Value.DataDirectory), options.Value.TimeZone,
            hostOptions.Value.ShutdownTimeout);

        var fromFiles = configuration is IConfigurationRoot root ? root.GetSecretFileKeys() : new Dictionary<string, string>();
        var secrets = configuration.AsEnumerable()
            .Where(static kv => !string.IsNullOrEmpty(kv.Value) && LoggingSetup.IsSecretKey(kv.Key)
                && !kv.Key.EndsWith(SecretsFileConfigurationSource.Suffix, StringComparison.OrdinalIgnoreCase))
            .Select(static kv => kv.Key)
            .Order(StringComparer.OrdinalIgnoreCase);
        foreach (var key in secrets)
        {
            if (fromFiles.TryGetValue(key, out var path))
            {
                LogSecretFromFile(logger, key, path);
            }
            else
            {
                LogSecretSet(logger, key);
            }
        }

        // The mail credentials are read from FW_SMTP_* / FW_IMAP_* variables, never from configuration.
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(static n => n.StartsWith("FW_", StringComparison.Ordinal)
                && LoggingSetup.IsSecretKey(n.EndsWith("_FILE", StringComparison.Ordinal) ? n[..^5] : n))
            .Order(StringComparer.Ordinal))
        {
            LogSecretVariable(logger, name);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "ForecastWatch {Version} starting: environment {Environment}, data directory {DataDirectory}, time zone {TimeZone}, "
            + "shutdown timeout {ShutdownTimeout}")]
    private static partial void LogStarting(ILogger logger, string version, string environment, string dataDirectory, string timeZone,
        TimeSpan shutdownTimeout);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Secret {Key} is set (from file {Path})")]
    private static partial void LogSecretFromFile(ILogger logger, string key, string path);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Secret {Key} is set")]
    private static partial void LogSecretSet(ILogger logger, string key);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Secret variable {Name} is set")]
    private static partial void LogSecretVariable(ILogger logger, string name);
}
