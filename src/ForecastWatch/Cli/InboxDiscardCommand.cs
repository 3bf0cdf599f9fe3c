using System.CommandLine;
using ForecastWatch.Inbound;

namespace ForecastWatch.Cli;

/// <summary><c>inbox discard ID --by NAME --reason TEXT</c>: a held reply is set aside, audited, and nobody is mailed.</summary>
internal static class InboxDiscardCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "The held message's id (from `inbox held`)." };
        var by = new Option<string>("--by") { Description = "Who discards the message (recorded in the audit trail).", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why it is discarded (recorded in the audit trail).", Required = true };
        var now = GlobalOptions.CreateNow();
        var command = new Command("discard", "Set a held reply aside: nothing is applied and no mail is sent.");
        command.Arguments.Add(id);
        command.Options.Add(by);
        command.Options.Add(reason);
        command.Options.Add(now);
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, now, useDatabase: true, async (context, token) =>
        {
            if (!InboxReleaseCommand.TryReadId(parseResult.GetValue(id), out var inboundId, out var problem)
                || !InboxReleaseCommand.TryReadText(parseResult.GetValue(by), "--by", out var reviewer, out problem)
                || !InboxReleaseCommand.TryReadText(parseResult.GetValue(reason), "--reason", out var why, out problem))
            {
                await context.Error.WriteLineAsync($"inbox discard: {problem}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            var result = await context.Get<InboundProcessor>().DiscardAsync(inboundId, reviewer, why, token).ConfigureAwait(false);
            return await InboxReleaseCommand.ReportAsync(context, "inbox discard", result).ConfigureAwait(false);
        }, ct));
        return command;
    }
}
