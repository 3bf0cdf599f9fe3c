using System.Data.Common;
using ForecastWatch.Storage;

namespace ForecastWatch.Inbound;

/// <summary>A prompt thread as far as replies care: which prediction it asks about and whom it was sent to.</summary>
internal sealed record ReplyPromptThread(long PromptId, string PredictionId, string Recipient);

/// <summary>What replies need from the prompts side: tokens, prompt threads and who may resolve what.</summary>
internal interface IReplyPrompts
{
    /// <summary>Reads the prompt id from a token without verifying it.</summary>
    bool TryReadPromptId(string token, out long promptId);

    /// <summary>True if the token was issued for this prompt and recipient.</summary>
    bool VerifyToken(string token, long promptId, string recipient);

    Task<ReplyPromptThread?> FindThreadAsync(DbConnection connection, DbTransaction transaction, long promptId,
        CancellationToken cancellationToken);

    /// <summary>Addresses allowed to resolve the prediction (routed editors, covering chiefs, the desk).</summary>
    IReadOnlyCollection<string> MayResolve(StoredPrediction prediction);
}
