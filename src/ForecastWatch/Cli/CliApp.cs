using System.CommandLine;

namespace ForecastWatch.Cli;

/// <summary>Builds the command tree. Each command lives in its own file and only parses, calls a service and prints.</summary>
internal static class CliApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand("ForecastWatch: registers dated predictions from articles, asks editors to resolve them by email, and "
            + "scores who predicts well.");
        root.Options.Add(GlobalOptions.Data);
        root.Options.Add(GlobalOptions.Config);

        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(InboxCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(ShowCommand.Create());
        root.Subcommands.Add(ResolveCommand.Create());
        root.Subcommands.Add(ExtractCommand.Create());
        root.Subcommands.Add(ScorecardCommand.Create());
        root.Subcommands.Add(DigestCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(HealthCommand.Create());
        root.Subcommands.Add(BackupCommand.Create());
        root.Subcommands.Add(DueCommand.Create());
        root.Subcommands.Add(OutboxCommand.Create());
        root.Subcommands.Add(AcceptCommand.Create());
        root.Subcommands.Add(RejectCommand.Create());
        root.Subcommands.Add(MailCommand.Create());
        root.Subcommands.Add(IngestCommand.Create());
        root.Subcommands.Add(SourcesCommand.Create());
        root.Subcommands.Add(ArticlesCommand.Create());

        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        Inbound.MimeCharsets.EnsureRegistered();
        var root = Build();
        var parseResult = root.Parse(args);
        var config = new InvocationConfiguration
        {
            Output = stdout ?? Console.Out,
            Error = stderr ?? Console.Error,
            // The generic host handles SIGTERM/SIGINT itself and waits up to HostOptions:ShutdownTimeout for running
            // jobs; System.CommandLine's own handler would end the process with 143 after 2 s.
            ProcessTerminationTimeout = null,
        };

        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await config.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
            }

            await config.Error.WriteLineAsync("Run 'forecastwatch --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await parseResult.InvokeAsync(config).ConfigureAwait(false);
    }
}
