using System.CommandLine;
using ForecastWatch.Mail.Mime;
using ForecastWatch.Mail.Replies;

namespace ForecastWatch.Cli;

/// <summary><c>forecastwatch mail trim FILE [--json]</c>: prints what the sender of a reply wrote, without quotes and signatures.</summary>
internal static class MailTrimCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The reply as a message file (.eml, RFC 5322)." };
        var json = new Option<bool>("--json") { Description = "Print JSON: text, cut, cutLine, quotedLinesRemoved." };
        var command = new Command("trim", "Print what the sender of a reply wrote: quoted text, quote headers, forwarded blocks and signatures removed.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.SetAction(async (parseResult, ct) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var path = parseResult.GetValue(file)!;
            if (!File.Exists(path))
            {
                await error.WriteLineAsync($"mail trim: file '{path}' not found.").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            ReplyTrimResult result;
            try
            {
                var stream = File.OpenRead(path);
                await using (stream.ConfigureAwait(false))
                {
                    using var message = await MimeMessage.LoadAsync(stream, cancellationToken: ct).ConfigureAwait(false);
                    result = ReplyTrimmer.Trim(message);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"mail trim: cannot read '{path}': {ex.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            if (parseResult.GetValue(json))
            {
                await output.WriteLineAsync(CliJson.Serialize(new
                {
                    text = result.Text,
                    cut = result.Cut.ToString(),
                    cutLine = result.CutLine,
                    quotedLinesRemoved = result.QuotedLinesRemoved,
                })).ConfigureAwait(false);
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
