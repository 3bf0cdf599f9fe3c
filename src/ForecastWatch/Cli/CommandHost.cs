using System.CommandLine;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Cli;

/// <summary>What a command's body gets: the services, the command's output writers, and the clock.</summary>
internal sealed record CommandContext(IServiceProvider Services, TextWriter Out, TextWriter Error, TimeProvider Time)
{
    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Progress on stderr for long work; rate and time left need a moving clock, so a fixed --now is not used.</summary>
    public ProgressReporter Progress(string label, string unit, long? total) =>
        ProgressReporter.ToWriter(label, unit, total, Error, Time is FixedTimeProvider ? TimeProvider.System : Time);
}

/// <summary>
/// Runs a CLI command inside the shared host: builds it, validates every option (a bad setting stops here with
/// its key's name), applies pending migrations when the command uses the database, then runs the body.
/// Configuration and database problems become exit code 1 with the message on stderr, not a stack trace.
/// </summary>
internal static class CommandHost
{
    /// <summary>The shared host builder with this command line's <c>--config</c> and <c>--data</c>.</summary>
    public static HostApplicationBuilder CreateHostBuilder(ParseResult parseResult, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return ForecastWatchHost.CreateBuilder(parseResult.GetValue(GlobalOptions.Config), parseResult.GetValue(GlobalOptions.Data), time);
    }

    public static async Task<int> RunAsync(ParseResult parseResult, Option<DateTimeOffset?>? nowOption, bool useDatabase,
        Func<CommandContext, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        TimeProvider time = nowOption is not null && parseResult.GetValue(nowOption) is { } now ? new FixedTimeProvider(now)
            : TimeProvider.System;
        IHost host;
        try
        {
            host = CreateHostBuilder(parseResult, time).Build();
            host.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception ex) when (IsConfigurationError(ex))
        {
            // Several options types failing at once arrive together; each message already names its key.
            var messages = ex is AggregateException all ? all.InnerExceptions.Select(static e => e.Message).Distinct() : [ex.Message];
            foreach (var message in messages)
            {
                await error.WriteLineAsync($"configuration: {message}").ConfigureAwait(false);
            }

            return ExitCodes.BadInput;
        }

        using (host)
        {
            try
            {
                if (useDatabase)
                {
                    await MigrationProgress.ApplyAsync(
                        host.Services.GetRequiredService<MigrationRunner>(),
                        total => ProgressReporter.ToWriter("migrations", "applied", total, error, time),
                        time,
                        cancellationToken).ConfigureAwait(false);
                }

                return await body(new CommandContext(host.Services, output, error, time), cancellationToken).ConfigureAwait(false);
            }
            catch (DatabaseTooNewException ex)
            {
                await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            catch (SqliteException ex)
            {
                await error.WriteLineAsync($"database: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // e.g. --data naming an existing file, or a directory this user may not write.
                await error.WriteLineAsync($"data directory: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
        }
    }

    private static bool IsConfigurationError(Exception ex) =>
        ex is OptionsValidationException or InvalidOperationException or InvalidDataException or FileNotFoundException or FormatException
        || (ex is AggregateException all && all.InnerExceptions.All(IsConfigurationError));
}
