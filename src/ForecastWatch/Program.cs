using ForecastWatch.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
