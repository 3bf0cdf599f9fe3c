using ForecastWatch.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Hosting;

/// <summary>Result of <c>forecastwatch health</c>: healthy when <see cref="Problems"/> is empty.</summary>
/// <param name="Cluster">PostgreSQL store: this node's id, the nodes, the mailbox holder (<see cref="ClusterStatus.Describe"/>).</param>
internal sealed record HealthReport(IReadOnlyList<string> Checked, IReadOnlyList<string> Problems, IReadOnlyList<string>? Cluster = null)
{
    public bool IsHealthy => Problems.Count == 0;
}

/// <summary>Source of the heartbeat rows and of the database state, so the evaluation can be tested without SQLite.</summary>
internal interface IHeartbeatSource
{
    /// <summary>Opens the database and returns problems with it (missing, unreadable, pending migrations); empty when fine.</summary>
    Task<IReadOnlyList<string>> CheckDatabaseAsync(CancellationToken cancellationToken);

    Task<HeartbeatSnapshot> ReadAsync(CancellationToken cancellationToken);
}

internal sealed class HeartbeatHealthService(
    IHeartbeatSource source,
    IEnumerable<JobScheduleRegistration> registrations,
    IServiceProvider services,
    IConfiguration configuration,
    IOptions<ForecastWatchOptions> options,
    IOptions<HeartbeatOptions> healthOptions,
    TimeProvider timeProvider,
    ClusterHealthSource? cluster = null,
    IOptions<ClusterOptions>? clusterOptions = null)
{
    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var registered = registrations.Select(r => r.Create(services)).OfType<JobSchedule>();
        var (jobs, defects) = JobSchedule.Merge(registered, configuration, Jobs.JobSchedules.Defaults.Keys);
        problems.AddRange(defects);

        var database = await source.CheckDatabaseAsync(cancellationToken).ConfigureAwait(false);
        problems.AddRange(database);
        if (database.Count > 0)
        {
            return new HealthReport(["database"], problems);
        }

        if (!TryFindTimeZone(options.Value.TimeZone, out var timeZone))
        {
            problems.Add($"ForecastWatch:TimeZone: '{options.Value.TimeZone}' is not a known time zone.");
            return new HealthReport(["database"], problems);
        }

        var snapshot = await source.ReadAsync(cancellationToken).ConfigureAwait(false);
        var asOf = timeProvider.GetUtcNow();
        problems.AddRange(HeartbeatHealth.Evaluate(jobs, snapshot, healthOptions.Value.StartupGrace, timeZone, asOf));
        var checkedItems = new List<string> { "database" };
        checkedItems.AddRange(jobs.Where(static j => j.Enabled).Select(static j => $"job {j.Name}"));
        List<string>? clusterLines = null;
        if (cluster is not null && await cluster.ReadAsync(cancellationToken).ConfigureAwait(false) is { } status)
        {
            checkedItems.Add("cluster node");
            clusterLines = [.. status.Describe(asOf)];
            if (status.Problem(asOf, clusterOptions?.Value.CheckinMisfireThreshold ?? TimeSpan.Zero) is { } problem)
            {
                problems.Add(problem);
            }
        }

        return new HealthReport(checkedItems, problems, clusterLines);
    }

    private static bool TryFindTimeZone(string id, out TimeZoneInfo timeZone)
    {
        try
        {
            timeZone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            timeZone = TimeZoneInfo.Utc;
            return false;
        }
    }
}

internal static class HeartbeatServiceCollectionExtensions
{
    /// <summary>Heartbeats: <see cref="IHeartbeat"/> for jobs, and what <c>forecastwatch health</c> needs.</summary>
    public static IServiceCollection AddForecastWatchHeartbeats(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<HeartbeatOptions, HeartbeatOptionsValidator>()
            .Bind(configuration.GetSection(HeartbeatOptions.SectionName));
        services.AddSingleton<DatabaseHeartbeat>();
        services.AddSingleton<IHeartbeat>(static sp => sp.GetRequiredService<DatabaseHeartbeat>());
        services.AddSingleton<IHeartbeatSource, HeartbeatSqliteSource>();
        services.AddSingleton<ClusterHealthSource>();
        services.AddSingleton<HeartbeatHealthService>();
        return services;
    }
}
