using System.CommandLine;

namespace ForecastWatch.Cli;

/// <summary>The <c>mail</c> command group: parse a message file, check the configured servers, trim a reply.</summary>
internal static class MailCommand
{
    public static Command Create()
    {
        var command = new Command("mail", "Mail tools: inspect a message file, check the configured servers, trim replies.");
        command.Subcommands.Add(MailParseCommand.Create());
        command.Subcommands.Add(MailCheckCommand.Create());
        command.Subcommands.Add(MailTrimCommand.Create());
        return command;
    }
}
