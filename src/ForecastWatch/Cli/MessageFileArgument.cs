using System.CommandLine;
using ForecastWatch.Inbound;
using MimeKit;

namespace ForecastWatch.Cli;

/// <summary>The message file (.eml) argument shared by the <c>mail</c> subcommands that read one.</summary>
internal static class MessageFileArgument
{
    public static Argument<string> Create(string description) => new("file") { Description = description };

    /// <summary>
    /// Loads the message named by <paramref name="file"/> with MimeKit, with the options inbound processing uses. A
    /// missing or unreadable file is bad input, not a crash: the reason goes to stderr prefixed with
    /// <paramref name="commandName"/> and the result is null (exit 1).
    /// </summary>
    public static async Task<MimeMessage?> LoadAsync(ParseResult parseResult, Argument<string> file, string commandName,
        CancellationToken ct)
    {
        var error = parseResult.InvocationConfiguration.Error;
        var path = parseResult.GetValue(file)!;
        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"{commandName}: file '{path}' not found.").ConfigureAwait(false);
            return null;
        }

        try
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                return await MimeMessage.LoadAsync(MimeInboundMailReader.Options, stream, ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            await error.WriteLineAsync($"{commandName}: cannot read '{path}': {ex.Message}").ConfigureAwait(false);
            return null;
        }
    }
}
