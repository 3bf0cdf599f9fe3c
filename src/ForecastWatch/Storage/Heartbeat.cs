namespace ForecastWatch.Storage;

/// <summary>The heartbeat rows health reads: when each job last completed, and when the worker last started.</summary>
internal sealed record HeartbeatSnapshot(DateTimeOffset? WorkerStartedAt, IReadOnlyDictionary<string, DateTimeOffset> LastBeats);

/// <summary>
/// Jobs call this when they complete, with the name they are configured under in <c>ForecastWatch:Jobs</c>;
/// <c>forecastwatch health</c> reports a job whose last beat is older than twice its interval.
/// </summary>
public interface IHeartbeat
{
    /// <param name="jobName">The job's key under <c>ForecastWatch:Jobs</c>.</param>
    /// <param name="asOf">When the run completed (use the injected <see cref="TimeProvider"/>).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task BeatAsync(string jobName, DateTimeOffset asOf, CancellationToken cancellationToken);
}
