using System.CommandLine;
using ForecastWatch.Hosting;
using ForecastWatch.Jobs;
using ForecastWatch.Mailing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ForecastWatch.Cli;

internal static class RunCommand
{
    public static Command Create()
    {
        var once = new Option<bool>("--once")
        {
            Description = "Apply migrations, run every registered job once, and exit (instead of running until stopped)."
        };
        var now = GlobalOptions.CreateNow();
        var command = new Command("run",
            "Run the worker: scheduled due checks, outbox delivery, inbox processing and digests, until stopped (Ctrl-C / SIGTERM).");
        command.Options.Add(once);
        command.Options.Add(now);
        command.SetAction(async (parseResult, ct) =>
        {
            if (parseResult.GetValue(once))
            {
                // Options validated and schema current (CommandHost), then every job body once, as of --now.
                return await CommandHost.RunAsync(parseResult, now, useDatabase: true, RunOnceAsync, ct).ConfigureAwait(false);
            }

            TimeProvider time = parseResult.GetValue(now) is { } fixedNow ? new FixedTimeProvider(fixedNow) : TimeProvider.System;
            var builder = CommandHost.CreateHostBuilder(parseResult, time);
            builder.AddForecastWatchWorker();
            using var host = builder.Build();

            // RunAsync returns when Ctrl-C/SIGTERM stops the host (ConsoleLifetime) or ct is cancelled; Quartz is
            // registered with WaitForJobsToComplete, so a running job finishes first.
            // Taken before RunAsync, which disposes the host (and its service provider) on the way out.
            var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            try
            {
                await host.RunAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested || stopping.IsCancellationRequested)
            {
                // SIGTERM while the host was still starting (migrations, scheduler start): the start is abandoned
                // (each migration is its own transaction, so nothing is half-applied) and that is still a clean stop.
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> RunOnceAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var pass = await context.Get<OnceRunner>().RunAsync(cancellationToken).ConfigureAwait(false);
        if (pass.Inbox is { } inbox)
        {
            var filing = inbox.Refiled + inbox.Unfiled > 0
                ? $"; filing: {inbox.Refiled} refiled, {inbox.Unfiled} still unfiled (retried next run)" : "";
            await context.Out.WriteLineAsync(
                $"inbox: {inbox.Seen} read, {inbox.Applied} applied, {inbox.Rejected} rejected or held, {inbox.Ignored} ignored, "
                    + $"{inbox.Failed} failed{filing}").ConfigureAwait(false);
        }
        else
        {
            await context.Error.WriteLineAsync($"inbox: cannot read the inbox: {pass.InboxError}").ConfigureAwait(false);
        }

        var digest = pass.Digest;
        if (digest.Outcome != DigestOutcome.Disabled)
        {
            var outcome = digest.Outcome switch
            {
                DigestOutcome.Enqueued => "queued",
                DigestOutcome.SkippedQuiet => "skipped (quiet)",
                DigestOutcome.SkippedBeforeFirstStart =>
                    "not sent (it fell due before the first run; the first digest goes out at the next scheduled time)",
                _ => "already done",
            };
            await context.Out.WriteLineAsync($"digest {digest.PeriodKey}: {outcome}").ConfigureAwait(false);
        }

        if (pass.Ingest is { } polled)
        {
            await context.Out.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"ingest: {polled.Sources.Count} source(s), {polled.Count(Ingestion.IngestChange.Added)} added, " +
                $"{polled.Count(Ingestion.IngestChange.Revised)} revised, {polled.Count(Ingestion.IngestChange.Failed)} failed, " +
                $"{polled.Sources.Count(static s => s.Error is not null)} source(s) unreachable; " +
                $"{polled.MailsQueued} proposal email(s) queued")).ConfigureAwait(false);
        }

        var report = pass.Prompts;
        var d = report.Delivery;
        await context.Out.WriteLineAsync(
            $"prompts queued: {report.Prompts.Enqueued}, reminders/escalations queued: {report.FollowUps.Enqueued}; " +
            $"delivered: {d.Sent}, failed: {d.Failed}, retry later: {d.Requeued + d.Postponed}" +
            (d.Withdrawn > 0 ? $", withdrawn (prediction resolved or extended): {d.Withdrawn}" : "")).ConfigureAwait(false);
        if (pass.MailDirectory is { } directory)
        {
            await context.Out.WriteLineAsync($"mail written to {directory}").ConfigureAwait(false);
        }

        return pass.InboxFailed ? ExitCodes.BadInput : ExitCodes.Ok;
    }
}
