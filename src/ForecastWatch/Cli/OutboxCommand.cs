using System.CommandLine;
using System.Globalization;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;

namespace ForecastWatch.Cli;

internal static class OutboxCommand
{
    public static Command Create()
    {
        var failed = new Option<bool>("--failed")
        {
            Description = "Only mail that failed permanently or bounced, with the server's reply."
        };
        var command = new Command("outbox", "List queued, sent, failed, bounced and withdrawn mail.");
        command.Options.Add(failed);
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, null, useDatabase: true, async (context, token) =>
        {
            var connection = await context.Get<IDatabase>().OpenAsync(token).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var entries = await OutboxStore.ListAsync(connection, null, token).ConfigureAwait(false);
                if (parseResult.GetValue(failed))
                {
                    entries = entries.Where(static e => e.Status is OutboxStatus.Failed or OutboxStatus.Bounced).ToList();
                }

                await context.Out.WriteLineAsync($"{"ID",5} {"STATUS",-9} {"TRIES",5} {"CREATED",-17} {"TO",-28} {"MESSAGE-ID",-40} "
                    + $"SUBJECT / LAST ERROR").ConfigureAwait(false);
                foreach (var e in entries)
                {
                    var created = e.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                    var to = string.Join(",", e.Recipients);
                    await context.Out.WriteLineAsync(
                        $"{e.Id,5} {OutboxStore.ToText(e.Status),-9} {e.Attempts,5} {created,-17} {to,-28} {e.MessageId,-40} {e.Subject}")
                            .ConfigureAwait(false);
                    if (e.LastError is { } error && e.Status != OutboxStatus.Sent)
                    {
                        await context.Out.WriteLineAsync($"{"",5} {"",-9} {"",5} {"",-17} {"",-28} {"",-40} ! {error}")
                            .ConfigureAwait(false);
                    }

                    if (e.Uncertain > 0)
                    {
                        await context.Out.WriteLineAsync($"{"",5} {"",-9} {"",5} {"",-17} {"",-28} {"",-40} ! uncertain: "
                            + $"sent again after {e.Uncertain} interrupted attempt(s) the server may have accepted (same Message-ID)")
                            .ConfigureAwait(false);
                    }
                }

                var counts = entries.GroupBy(static e => e.Status).Select(static g => $"{g.Count()} {OutboxStore.ToText(g.Key)}");
                var uncertain = entries.Count(static e => e.Uncertain > 0);
                var note = uncertain > 0 ? $" ({uncertain} uncertain: possibly delivered twice)" : "";
                await context.Out.WriteLineAsync($"{entries.Count} message(s): {string.Join(", ", counts)}{note}").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
