using System.CommandLine;

namespace ForecastWatch.Cli;

/// <summary>
/// <c>forecastwatch reject ID [--seeds DIR]</c>: a proposal stays in the manifest as rejected, so re-extraction never
/// proposes it again.
/// </summary>
internal static class RejectCommand
{
    public static Command Create() => AcceptCommand.Build("reject", "rejected",
        "Reject a proposed prediction: it stays in the manifest as rejected and is never prompted, scored or proposed again.");
}
