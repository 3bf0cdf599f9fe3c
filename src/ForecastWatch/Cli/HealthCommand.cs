using System.CommandLine;
using ForecastWatch.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ForecastWatch.Cli;

/// <summary>Container HEALTHCHECK: exit 0 when the database opens, migrations are current and every job ran in time.</summary>
internal static class HealthCommand
{
    public const int Unhealthy = 1;

    public static Command Create()
    {
        var now = GlobalOptions.CreateNow();
        var command = new Command("health", "Check the database, migrations and job heartbeats; exit 0 when healthy, 1 (with the reasons) otherwise.");
        command.Options.Add(now);
        command.SetAction(async (parseResult, ct) =>
        {
            var fixedNow = parseResult.GetValue(now);
            var builder = ForecastWatchHost.CreateBuilder(parseResult, fixedNow is { } value ? new FixedTimeProvider(value) : null);
            builder.AddForecastWatchHealth();
            using var host = builder.Build();
            var report = await host.Services.GetRequiredService<HeartbeatHealthService>().CheckAsync(ct).ConfigureAwait(false);
            var output = parseResult.InvocationConfiguration.Output;
            if (report.IsHealthy)
            {
                await output.WriteLineAsync($"healthy: {string.Join(", ", report.Checked)}").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await output.WriteLineAsync("unhealthy:").ConfigureAwait(false);
            foreach (var problem in report.Problems)
            {
                await output.WriteLineAsync($"  - {problem}").ConfigureAwait(false);
            }

            return Unhealthy;
        });
        return command;
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
