using System.CommandLine;
using System.Globalization;
using ForecastWatch.Inbound;
using ForecastWatch.Storage;

namespace ForecastWatch.Cli;

/// <summary>
/// <c>inbox process [--once]</c> reads replies; <c>inbox list [--rejected]</c> shows what came in and why; <c>held</c>,
/// <c>release</c> and <c>discard</c> are the review of held replies.
/// </summary>
internal static class InboxCommand
{
    public static Command Create()
    {
        var command = new Command("inbox", "Read editors' replies from the desk mailbox and show what was done with each message.");
        command.Subcommands.Add(CreateProcess());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(InboxHeldCommand.Create());
        command.Subcommands.Add(InboxReleaseCommand.Create());
        command.Subcommands.Add(InboxDiscardCommand.Create());
        return command;
    }

    private static Command CreateProcess()
    {
        var once = new Option<bool>("--once")
        {
            Description = "Process what is waiting now and exit (default: keep reading, with IDLE where the server offers it)."
        };
        var now = GlobalOptions.CreateNow();
        var command = new Command("process", "Apply replies, ignore machine mail, mark bounces, and answer editors through the outbox.");
        command.Options.Add(once);
        command.Options.Add(now);
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, now, useDatabase: true, async (context, token) =>
        {
            var inbox = context.Get<InboxService>();
            if (parseResult.GetValue(once))
            {
                InboxRunSummary summary;
                try
                {
                    summary = await inbox.ProcessOnceAsync(token).ConfigureAwait(false);
                }
                catch (Exception ex) when (InboxService.IsSourceFailure(ex))
                {
                    await context.Error.WriteLineAsync($"inbox: cannot read the inbox: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.BadInput;
                }

                await context.Out.WriteLineAsync(Describe(summary)).ConfigureAwait(false);
                return summary.Failed > 0 ? ExitCodes.BadInput : ExitCodes.Ok;
            }

            try
            {
                await inbox.RunAsync(summary =>
                {
                    if (summary.Seen > 0)
                    {
                        context.Out.WriteLine(Describe(summary));
                    }
                }, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command CreateList()
    {
        var rejected = new Option<bool>("--rejected")
        {
            Description = "Only messages that changed nothing: rejected, held, ignored, bounces and duplicates."
        };
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var command = new Command("list", "List inbound messages with their outcome and the reason for it.");
        command.Options.Add(rejected);
        command.Options.Add(json);
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, null, useDatabase: true, async (context, token) =>
        {
            var connection = await context.Get<IDatabase>().OpenAsync(token).ConfigureAwait(false);
            IReadOnlyList<InboundRecord> rows;
            await using (connection.ConfigureAwait(false))
            {
                rows = await InboundStore.ListAsync(connection, parseResult.GetValue(rejected), token).ConfigureAwait(false);
            }

            if (parseResult.GetValue(json))
            {
                await context.Out.WriteLineAsync(CliJson.Serialize(rows.Select(static r => new InboundJson(
                    r.Id,
                    r.ReceivedAt,
                    r.Source,
                    r.MessageId,
                    r.Sender,
                    r.Subject,
                    InboundStore.Name(r.Status),
                    r.Reason,
                    r.Detail,
                    r.PredictionId,
                    r.ResolutionId,
                    r.Sha256)).ToArray())).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await context.Out.WriteLineAsync(
                $"{"ID",5} {"RECEIVED",-16} {"STATUS",-9} {"REASON",-22} {"PREDICTION",-24} {"SENDER",-28} DETAIL").ConfigureAwait(false);
            foreach (var r in rows)
            {
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Id,5} {r.ReceivedAt.UtcDateTime:yyyy-MM-dd HH:mm} {InboundStore.Name(r.Status),-9} {r.Reason ?? "-",-22} "
                        + $"{r.PredictionId ?? "-",-24} {Truncate(r.Sender ?? "-", 28),-28} {Truncate(r.Detail ?? "", 90)}"))
                        .ConfigureAwait(false);
            }

            await context.Out.WriteLineAsync($"{rows.Count} message(s)").ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static string Describe(InboxRunSummary s) =>
        $"inbox: {s.Seen} message(s): {s.Applied} applied, {s.Rejected} rejected or held, {s.Ignored} ignored (machine mail, bounces, "
            + $"duplicates), {s.Failed} failed; {s.Answered} answer(s) queued"
        + (s.Refiled + s.Unfiled > 0 ? $"; filing: {s.Refiled} refiled, {s.Unfiled} decided but not yet filed (retried next pass)" : "");

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
