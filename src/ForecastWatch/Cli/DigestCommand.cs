using System.CommandLine;
using ForecastWatch.Domain.Digest;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;

namespace ForecastWatch.Cli;

internal static class DigestCommand
{
    private static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(7);

    public static Command Create()
    {
        var preview = new Option<bool>("--preview")
        {
            Description = "Write the next digest to stdout instead of sending it. Without it, "
            + "the current period's digest is queued in the outbox unless that period already had one."
        };
        var format = new Option<string>("--format")
        {
            Description = "html (default) or text: the two parts of the digest email.",
            DefaultValueFactory = static _ => "html",
        };
        format.AcceptOnlyFromAmong("html", "text");
        var since = new Option<DateTimeOffset?>("--since")
        {
            Description = "When the previous digest went out: resolutions after it count as new. Default: 7 days before now.",
            CustomParser = static result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (NowParser.TryParse(text, out var value))
                {
                    return value;
                }

                result.AddError($"--since: '{text}' is not an ISO-8601 date or date-time.");
                return null;
            },
        };
        var minSample = ScoringCliOptions.CreateMinSample();
        var now = GlobalOptions.CreateNow();
        var command = new Command("digest",
            "The editors' digest: new resolutions, scorecard, calibration chart, overdue and upcoming predictions, delivery problems.");
        command.Options.Add(preview);
        command.Options.Add(format);
        command.Options.Add(since);
        command.Options.Add(minSample);
        command.Options.Add(now);
        command.SetAction(async (parseResult, ct) =>
        {
            if (!parseResult.GetValue(preview))
            {
                return await CommandHost.RunAsync(parseResult, now, useDatabase: true, static (context, token) => SendAsync(context, token),
                    ct).ConfigureAwait(false);
            }

            return await CommandHost.RunAsync(parseResult, now, useDatabase: true, async (context, token) =>
            {
                var asOf = context.Time.GetUtcNow();
                var periodStart = parseResult.GetValue(since) ?? asOf - DefaultPeriod;
                if (periodStart > asOf)
                {
                    await context.Error.WriteLineAsync($"--since: {periodStart:O} is after the digest time {asOf:O}.")
                        .ConfigureAwait(false);
                    return ExitCodes.BadInput;
                }

                var settings = new DigestSettings { Scoring = ScoringCliOptions.Settings(context, parseResult.GetValue(minSample)) };
                var builder = new DigestBuilder(asOf, periodStart, settings);
                var model = await context.Get<ScoreStore>().BuildDigestAsync(builder, token).ConfigureAwait(false);
                var text = parseResult.GetValue(format) == "text" ? DigestTextRenderer.Render(model) : DigestHtmlRenderer.Render(model);
                await context.Out.WriteAsync(text).ConfigureAwait(false);
                return ExitCodes.Ok;
            }, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> SendAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var report = await context.Get<DigestService>().RunAsync(context.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        switch (report.Outcome)
        {
            case DigestOutcome.Disabled:
                await context.Error.WriteLineAsync($"digest: no recipients: set {DigestOptions.SectionName}:Recipients (or use --preview).")
                    .ConfigureAwait(false);
                return ExitCodes.BadInput;
            case DigestOutcome.AlreadyDone:
                await context.Out.WriteLineAsync($"digest {report.PeriodKey}: already sent or skipped; nothing queued.")
                    .ConfigureAwait(false);
                break;
            case DigestOutcome.SkippedQuiet:
                await context.Out.WriteLineAsync($"digest {report.PeriodKey}: nothing changed; skipped (SkipWhenQuiet).")
                    .ConfigureAwait(false);
                break;
            default:
                await context.Out.WriteLineAsync($"digest {report.PeriodKey}: queued <{report.MessageId}> \"{report.Subject}\"; the outbox "
                    + $"delivers it.").ConfigureAwait(false);
                break;
        }

        return ExitCodes.Ok;
    }
}
