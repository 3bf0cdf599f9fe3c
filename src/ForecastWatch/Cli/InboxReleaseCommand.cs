using System.CommandLine;
using System.Globalization;
using ForecastWatch.Inbound;

namespace ForecastWatch.Cli;

/// <summary>
/// <c>inbox release ID --by NAME [--note TEXT]</c>: an operator vouches for a held reply and it is decided as an
/// authorized one.
/// </summary>
internal static class InboxReleaseCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("ID") { Description = "The held message's id (from `inbox held`)." };
        var by = new Option<string>("--by") { Description = "Who vouches for the message (recorded in the audit trail).", Required = true };
        var note = new Option<string?>("--note") { Description = "Why it is released (recorded in the audit trail)." };
        var now = GlobalOptions.CreateNow();
        var command = new Command("release",
            "Vouch for a held reply: its verdict is applied (or refused) as an authorized reply's would be, and the sender is answered.");
        command.Arguments.Add(id);
        command.Options.Add(by);
        command.Options.Add(note);
        command.Options.Add(now);
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, now, useDatabase: true, async (context, token) =>
        {
            if (!TryReadId(parseResult.GetValue(id), out var inboundId, out var problem)
                || !TryReadText(parseResult.GetValue(by), "--by", out var reviewer, out problem))
            {
                await context.Error.WriteLineAsync($"inbox release: {problem}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            var text = parseResult.GetValue(note)?.Trim();
            var result = await context.Get<InboundProcessor>()
                .ReleaseAsync(inboundId, reviewer, text is { Length: > 0 } ? text : null, token).ConfigureAwait(false);
            return await ReportAsync(context, "inbox release", result).ConfigureAwait(false);
        }, ct));
        return command;
    }

    internal static bool TryReadId(string? text, out long id, out string problem)
    {
        problem = string.Empty;
        if (long.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0)
        {
            return true;
        }

        problem = $"'{text}' is not an inbound message id (a number from `inbox held` or `inbox list`).";
        return false;
    }

    internal static bool TryReadText(string? value, string option, out string text, out string problem)
    {
        text = value?.Trim() ?? string.Empty;
        problem = text.Length == 0 ? $"{option} must not be empty." : string.Empty;
        return text.Length > 0;
    }

    internal static async Task<int> ReportAsync(CommandContext context, string command, InboundReviewResult result)
    {
        if (!result.IsSuccess)
        {
            await context.Error.WriteLineAsync($"{command}: {result.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        await context.Out.WriteLineAsync(result.Message).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
