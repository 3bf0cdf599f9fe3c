using System.CommandLine;
using ForecastWatch.Hosting;

namespace ForecastWatch.Cli;

/// <summary>Container HEALTHCHECK: exit 0 when the database opens, migrations are current and every job ran in time.</summary>
internal static class HealthCommand
{
    /// <summary>Docker's HEALTHCHECK contract: 0 healthy, 1 unhealthy.</summary>
    public const int Unhealthy = 1;

    public static Command Create()
    {
        var now = GlobalOptions.CreateNow();
        var command = new Command("health",
            "Check the database, migrations and job heartbeats; exit 0 when healthy, 1 (with the reasons) otherwise. Changes nothing.");
        command.Options.Add(now);
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, now, useDatabase: false, static async (context, ct) =>
        {
            var report = await context.Get<HeartbeatHealthService>().CheckAsync(ct).ConfigureAwait(false);
            if (report.IsHealthy)
            {
                await context.Out.WriteLineAsync($"healthy: {string.Join(", ", report.Checked)}").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await context.Out.WriteLineAsync("unhealthy:").ConfigureAwait(false);
            foreach (var problem in report.Problems)
            {
                await context.Out.WriteLineAsync($"  - {problem}").ConfigureAwait(false);
            }

            return Unhealthy;
        }, ct));
        return command;
    }
}
