using ForecastWatch.Storage;

namespace ForecastWatch.Hosting;

/// <summary>
/// Applies pending migrations with progress: a backfill (e.g. 0008 and 0013 rebuild score sums, about a minute per
/// million predictions) is one long statement, so a timer keeps reporting which migration is running while it does.
/// </summary>
internal static class MigrationProgress
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <param name="create">Makes the reporter for the number of pending migrations (stderr for the CLI, the log for the worker).</param>
    public static async Task<IReadOnlyList<Migration>> ApplyAsync(
        MigrationRunner runner, Func<long, ProgressReporter> create, TimeProvider time, CancellationToken cancellationToken)
    {
        var status = await runner.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        if (status.Pending.Count == 0 || status.Current > status.Latest)
        {
            return await runner.ApplyPendingAsync(cancellationToken).ConfigureAwait(false);
        }

        var progress = create(status.Pending.Count);
        var started = false;
        using (time.CreateTimer(static state => ((ProgressReporter)state!).Advance(0), progress, Tick, Tick))
        {
            var applied = await runner.ApplyPendingAsync(
                m =>
                {
                    progress.Current = $"running {m.Name}";
                    progress.Advance(started ? 1 : 0);
                    started = true;
                },
                cancellationToken).ConfigureAwait(false);
            progress.Current = null;
            progress.Advance(applied.Count > 0 ? 1 : 0);
            progress.Complete();
            return applied;
        }
    }
}
