using System.CommandLine;
using ForecastWatch.Hosting;
using Microsoft.Extensions.Hosting;

namespace ForecastWatch.Cli;

internal static class RunCommand
{
    public static Command Create()
    {
        var once = new Option<bool>("--once") { Description = "Apply migrations, run every registered job once, and exit (instead of running until stopped)." };
        var now = GlobalOptions.CreateNow();
        var command = new Command("run", "Run the worker: scheduled due checks, outbox delivery, inbox processing and digests, until stopped (Ctrl-C / SIGTERM).");
        command.Options.Add(once);
        command.Options.Add(now);
        command.SetAction(async (parseResult, ct) =>
        {
            if (parseResult.GetValue(once))
            {
                // Jobs are registered by later work; until then --once validates the options, brings the schema
                // up to date (CommandHost does both) and exits.
                return await CommandHost.RunAsync(parseResult, now, useDatabase: true, static (_, _) => Task.FromResult(ExitCodes.Ok), ct).ConfigureAwait(false);
            }

            TimeProvider time = parseResult.GetValue(now) is { } fixedNow ? new FixedTimeProvider(fixedNow) : TimeProvider.System;
            var builder = ForecastWatchHost.CreateBuilder(parseResult, time);
            builder.AddForecastWatchWorker();
            using var host = builder.Build();

            // RunAsync returns when Ctrl-C/SIGTERM stops the host (ConsoleLifetime) or ct is cancelled; Quartz is
            // registered with WaitForJobsToComplete, so a running job finishes first.
            await host.RunAsync(ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
