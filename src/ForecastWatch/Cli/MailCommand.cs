using System.CommandLine;

namespace ForecastWatch.Cli;

/// <summary>The "mail" command group: parse (MIME), and later check (SMTP/IMAP) and trim (replies).</summary>
internal static class MailCommand
{
    public static Command Create()
    {
        var command = new Command("mail", "Mail tools: inspect a message file, check servers, trim replies.");
        command.Subcommands.Add(MailParseCommand.Create());
        return command;
    }
}
