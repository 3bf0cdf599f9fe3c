using ForecastWatch.Storage;
using Quartz;

namespace ForecastWatch.Hosting;

/// <summary>
/// Decides whether every enabled job has run within twice its interval. Pure: the caller passes the clock value.
/// </summary>
internal static class HeartbeatHealth
{
    /// <summary>Name under which the worker records its own start (not a job).</summary>
    public const string WorkerName = HeartbeatStore.WorkerName;

    public static IReadOnlyList<string> Evaluate(
        IReadOnlyList<JobSchedule> jobs, HeartbeatSnapshot snapshot, TimeSpan startupGrace, TimeZoneInfo timeZone, DateTimeOffset asOf)
    {
        var problems = new List<string>();
        var enabled = jobs.Where(static j => j.Enabled).ToList();
        if (enabled.Count > 0 && snapshot.WorkerStartedAt is null)
        {
            problems.Add("the worker has never started on this database (run 'forecastwatch run').");
            return problems;
        }

        foreach (var job in enabled)
        {
            var interval = IntervalOf(job, timeZone, asOf);
            var allowed = interval * 2;
            var startedAt = snapshot.WorkerStartedAt!.Value;
            snapshot.LastBeats.TryGetValue(job.Name, out var lastBeat);
            var hasBeat = snapshot.LastBeats.ContainsKey(job.Name);
            if (hasBeat && asOf - lastBeat <= allowed)
            {
                continue;
            }

            // Since the last start the job may simply not have been due yet.
            if (asOf - startedAt <= allowed + startupGrace)
            {
                continue;
            }

            problems.Add(hasBeat
                ? $"job {job.Name} last ran at {lastBeat:u}, {Describe(asOf - lastBeat)} ago; expected at least every {Describe(interval)} "
                    + $"(allowed {Describe(allowed)})."
                : $"job {job.Name} has never run; the worker started at {startedAt:u}, {Describe(asOf - startedAt)} ago; expected every "
                    + $"{Describe(interval)}.");
        }

        return problems;
    }

    /// <summary>
    /// A fixed interval, or for a cron schedule the gap between its two most recent fire times before
    /// <paramref name="asOf"/>.
    /// </summary>
    public static TimeSpan IntervalOf(JobSchedule job, TimeZoneInfo timeZone, DateTimeOffset asOf)
    {
        if (job.Interval is { } interval)
        {
            return interval;
        }

        var cron = new CronExpression(job.Cron!, timeZone);
        // Widen the window until it holds two fire times: minutes-apart schedules stay cheap, yearly ones still work.
        foreach (var window in (ReadOnlySpan<TimeSpan>)[TimeSpan.FromDays(1), TimeSpan.FromDays(8), TimeSpan.FromDays(63),
            TimeSpan.FromDays(800)])
        {
            DateTimeOffset? previous = null;
            DateTimeOffset? last = null;
            var fire = cron.GetNextValidTimeAfter(asOf - window);
            while (fire is { } f && f <= asOf)
            {
                previous = last;
                last = f;
                fire = cron.GetNextValidTimeAfter(f);
            }

            if (previous is { } p && last is { } l)
            {
                return l - p;
            }
        }

        // A schedule that fires at most once in two years: treat its next gap as the interval.
        var next = cron.GetNextValidTimeAfter(asOf);
        var after = next is { } n ? cron.GetNextValidTimeAfter(n) : null;
        return next is { } a && after is { } b ? b - a : TimeSpan.FromDays(800);
    }

    private static string Describe(TimeSpan span) => span switch
    {
        { TotalDays: >= 2 } => $"{span.TotalDays:0.#} days",
        { TotalHours: >= 2 } => $"{span.TotalHours:0.#} h",
        { TotalMinutes: >= 2 } => $"{span.TotalMinutes:0.#} min",
        _ => $"{span.TotalSeconds:0} s",
    };
}
