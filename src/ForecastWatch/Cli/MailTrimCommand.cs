using System.CommandLine;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Inbound;

namespace ForecastWatch.Cli;

/// <summary><c>forecastwatch mail trim FILE [--json]</c>: prints what the sender of a reply wrote, without quotes and signatures.</summary>
internal static class MailTrimCommand
{
    public static Command Create()
    {
        var file = MessageFileArgument.Create("The reply as a message file (.eml, RFC 5322).");
        var json = new Option<bool>("--json") { Description = "Print JSON: text, cut, cutLine, quotedLinesRemoved." };
        var command = new Command("trim",
            "Print what the sender of a reply wrote: quoted text, quote headers, forwarded blocks and signatures removed.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.SetAction(async (parseResult, ct) =>
        {
            ReplyTrimResult result;
            using (var message = await MessageFileArgument.LoadAsync(parseResult, file, "mail trim", ct).ConfigureAwait(false))
            {
                if (message is null)
                {
                    return ExitCodes.BadInput;
                }

                result = message.TrimReply();
            }

            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(json))
            {
                await output.WriteLineAsync(CliJson.Serialize(
                    new TrimJson(result.Text, result.Cut.ToString(), result.CutLine, result.QuotedLinesRemoved))).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync(result.Text).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
