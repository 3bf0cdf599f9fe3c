using System.CommandLine;
using ForecastWatch.Mailing;

namespace ForecastWatch.Cli;

internal static class MailCheckCommand
{
    public static Command Create()
    {
        var only = new Option<string?>("--only")
        {
            Description = "Check just one server: smtp or imap.",
        };
        only.AcceptOnlyFromAmong("smtp", "imap");
        var command = new Command(
            "check",
            "Connect to the configured SMTP and IMAP servers and report their capabilities, the OAuth2 token each signs in with, "
            + "and the login, or why not (dns, refused, tls, token, auth). Exit 1 on any failure.");
        command.Options.Add(only);
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, null, useDatabase: false, async (context, token) =>
        {
            var service = context.Get<MailCheckService>();
            var which = parseResult.GetValue(only);
            var results = new List<MailCheckResult>();
            if (which is null or "smtp")
            {
                results.Add(await service.CheckSmtpAsync(token).ConfigureAwait(false));
            }

            if (which is null or "imap")
            {
                results.Add(await service.CheckImapAsync(token).ConfigureAwait(false));
            }

            foreach (var r in results)
            {
                await context.Out.WriteLineAsync($"{r.Protocol} {r.Endpoint}: {(r.Ok ? "ok" : "FAILED")}").ConfigureAwait(false);
                foreach (var fact in r.Facts)
                {
                    await context.Out.WriteLineAsync($"  {fact}").ConfigureAwait(false);
                }

                if (r.Failure is not null)
                {
                    await context.Error.WriteLineAsync($"{r.Protocol}: {r.Failure}").ConfigureAwait(false);
                }
            }

            return results.TrueForAll(static r => r.Ok) ? ExitCodes.Ok : ExitCodes.BadInput;
        }, ct));
        return command;
    }
}
