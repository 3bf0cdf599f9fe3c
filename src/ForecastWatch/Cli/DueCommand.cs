using System.CommandLine;
using System.Globalization;
using ForecastWatch.Mailing;

namespace ForecastWatch.Cli;

internal static class DueCommand
{
    public static Command Create()
    {
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Only show which prompts, reminders and escalations are due; queue nothing."
        };
        var now = GlobalOptions.CreateNow();
        var command = new Command("due", "Queue the prompts, reminders and escalations that are due (or show them with --dry-run); "
            + "'outbox' shows the queue, 'run --once' also delivers it.");
        command.Options.Add(dryRun);
        command.Options.Add(now);
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, now, useDatabase: true, async (context, token) =>
        {
            var dry = parseResult.GetValue(dryRun);
            var report = await context.Get<PromptService>().RunAsync(context.Time.GetUtcNow(), PromptRunScope.All, dry, token)
                .ConfigureAwait(false);
            await context.Out.WriteLineAsync($"{"PREDICTION",-34} {"CYCLE",-10} {"STEP",-11} {"TO",-28} SUBJECT").ConfigureAwait(false);
            foreach (var item in report.Items)
            {
                var step = string.Create(CultureInfo.InvariantCulture, $"{item.Kind.ToString().ToLowerInvariant()}");
                await context.Out.WriteLineAsync(
                    $"{item.PredictionId,-34} {item.CycleResolveBy.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),-10} {step,-11} "
                        + $"{item.Recipient,-28} {item.Subject}").ConfigureAwait(false);
            }

            await context.Out.WriteLineAsync(dry
                ? $"{report.Items.Count} mail(s) due; nothing queued (--dry-run)."
                : $"{report.Enqueued} mail(s) queued in the outbox.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
