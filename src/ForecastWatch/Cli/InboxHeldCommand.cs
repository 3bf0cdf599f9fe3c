using System.CommandLine;
using System.Globalization;
using ForecastWatch.Inbound;
using ForecastWatch.Storage;

namespace ForecastWatch.Cli;

/// <summary><c>inbox held [--json] [--reviewed]</c>: messages waiting for the standards desk, or the reviews already made.</summary>
internal static class InboxHeldCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var reviewed = new Option<bool>("--reviewed")
        {
            Description = "List the releases and discards made so far (the audit trail) instead."
        };
        var command = new Command("held",
            "List replies held for review (e.g. dmarc=fail) with the reason and the verdict line they carry.");
        command.Options.Add(json);
        command.Options.Add(reviewed);
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, null, useDatabase: true, async (context, token) =>
        {
            if (parseResult.GetValue(reviewed))
            {
                await PrintReviewsAsync(context, parseResult.GetValue(json), token).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var held = await context.Get<InboundProcessor>().ListHeldAsync(token).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                await context.Out.WriteLineAsync(CliJson.Serialize(held.Select(static h => new HeldJson(
                    h.Record.Id,
                    h.Record.ReceivedAt,
                    h.Record.Sender,
                    h.Record.Subject,
                    h.Record.MessageId,
                    h.Record.PredictionId,
                    h.Record.Reason,
                    h.Record.Detail,
                    h.VerdictLine,
                    h.VerdictProblem,
                    h.Record.Sha256)).ToArray())).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await context.Out.WriteLineAsync($"{"ID",5} {"RECEIVED",-16} {"FROM",-30} {"PREDICTION",-24} REASON").ConfigureAwait(false);
            foreach (var h in held)
            {
                var r = h.Record;
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Id,5} {r.ReceivedAt.UtcDateTime:yyyy-MM-dd HH:mm} {r.Sender ?? "-",-30} {r.PredictionId ?? "-",-24} "
                        + $"{r.Reason ?? "-"}")).ConfigureAwait(false);
                await context.Out.WriteLineAsync($"{"",5} {r.Detail}").ConfigureAwait(false);
                var line = h.VerdictLine is null ? "(none)" : $"\"{h.VerdictLine}\"";
                var reading = h.VerdictProblem is null ? string.Empty : $" ({h.VerdictProblem})";
                await context.Out.WriteLineAsync($"{"",5} verdict line: {line}{reading}").ConfigureAwait(false);
            }

            await context.Out.WriteLineAsync($"{held.Count} held message(s)").ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static async Task PrintReviewsAsync(CommandContext context, bool json, CancellationToken token)
    {
        var rows = new List<(InboundReview Review, InboundRecord Record)>();
        var connection = await context.Get<IDatabase>().OpenAsync(token).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            foreach (var review in await InboundStore.ListReviewsAsync(connection, token).ConfigureAwait(false))
            {
                rows.Add((review, (await InboundStore.GetAsync(connection, null, review.InboundId, token).ConfigureAwait(false))!));
            }
        }

        if (json)
        {
            await context.Out.WriteLineAsync(CliJson.Serialize(rows.Select(static x => new ReviewJson(
                x.Review.InboundId,
                InboundStore.Name(x.Review.Action),
                x.Review.Reviewer,
                x.Review.ReviewedAt,
                x.Review.Note,
                x.Review.HeldReason,
                x.Review.HeldDetail,
                x.Record.Sender,
                x.Record.PredictionId,
                InboundStore.Name(x.Record.Status),
                x.Record.Reason,
                x.Record.Detail,
                x.Record.ResolutionId)).ToArray())).ConfigureAwait(false);
            return;
        }

        await context.Out.WriteLineAsync($"{"ID",5} {"REVIEWED",-16} {"ACTION",-9} {"BY",-20} {"STATUS",-9} {"PREDICTION",-24} NOTE")
            .ConfigureAwait(false);
        foreach (var (review, record) in rows)
        {
            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{review.InboundId,5} {review.ReviewedAt.UtcDateTime:yyyy-MM-dd HH:mm} {InboundStore.Name(review.Action),-9} "
                    + $"{review.Reviewer,-20} {InboundStore.Name(record.Status),-9} {record.PredictionId ?? "-",-24} {review.Note}"))
                    .ConfigureAwait(false);
        }

        await context.Out.WriteLineAsync($"{rows.Count} review(s)").ConfigureAwait(false);
    }
}
