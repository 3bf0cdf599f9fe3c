using System.CommandLine;
using ForecastWatch.Hosting;
using Microsoft.Extensions.Hosting;

namespace ForecastWatch.Cli;

internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the worker: scheduled due checks, outbox delivery, inbox processing and digests, until stopped (Ctrl-C / SIGTERM).");
        command.SetAction(static async (parseResult, ct) =>
        {
            var builder = ForecastWatchHost.CreateBuilder(parseResult);
            builder.AddForecastWatchWorker();
            using var host = builder.Build();
            await host.RunAsync(ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
