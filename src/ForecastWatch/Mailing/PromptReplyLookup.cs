using ForecastWatch.Domain.Prompts;
using ForecastWatch.Storage;

namespace ForecastWatch.Mailing;

/// <summary>A verified reply token: the thread it was issued for, and whether it has expired.</summary>
/// <param name="Thread">The prompt thread (prediction, cycle, recipient the token was sent to).</param>
/// <param name="IsExpired">True once the prediction is no longer open (resolved, voided, rejected).</param>
public sealed record PromptTokenMatch(PromptThread Thread, bool IsExpired);

/// <summary>
/// For the inbound side: turns a token from a recipient address into the prompt thread it was issued for, after
/// checking its MAC against the recipient stored with that thread. Unknown or forged tokens give null.
/// </summary>
public sealed class PromptReplyLookup(IMailingDatabase database, IPromptPredictionSource source, PromptTokenProvider tokens)
{
    public async Task<PromptTokenMatch?> ResolveTokenAsync(string token, CancellationToken cancellationToken)
    {
        if (!PromptToken.TryReadPromptId(token, out var promptId))
        {
            return null;
        }

        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var thread = await PromptStore.FindThreadAsync(connection, promptId, cancellationToken).ConfigureAwait(false);
            if (thread is null || !tokens.Token.Verify(token, promptId, thread.Recipient))
            {
                return null;
            }

            var prediction = (await source.LoadAsync(connection, cancellationToken).ConfigureAwait(false)).FirstOrDefault(p => p.Id == thread.PredictionId);
            return new PromptTokenMatch(thread, prediction is not { IsOpen: true });
        }
    }
}
