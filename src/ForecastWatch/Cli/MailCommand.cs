using System.CommandLine;

namespace ForecastWatch.Cli;

/// <summary>The <c>mail</c> command group.</summary>
internal static class MailCommand
{
    public static Command Create()
    {
        var command = new Command("mail", "Mail tools: check the configured servers.");
        command.Subcommands.Add(MailCheckCommand.Create());
        return command;
    }
}
