using System.Data.Common;
using ForecastWatch.Domain.Prompts;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Inbound;

/// <summary>Replies' view of the prompts module: its token key, its prompt threads and its routing rules.</summary>
internal sealed class PromptsReplyBridge(PromptTokenProvider tokens, IOptions<EditorsOptions> editors) : IReplyPrompts
{
    private readonly Lazy<PromptRouting> _routing = new(() => editors.Value.ToRouting());

    public bool TryReadPromptId(string token, out long promptId) => PromptToken.TryReadPromptId(token, out promptId);

    public bool VerifyToken(string token, long promptId, string recipient) => tokens.Token.Verify(token, promptId, recipient);

    public async Task<ReplyPromptThread?> FindThreadAsync(DbConnection connection, DbTransaction transaction, long promptId,
        CancellationToken cancellationToken)
    {
        // Inside the caller's transaction (Microsoft.Data.Sqlite requires it on a connection with one open).
        var thread = await PromptStore.FindThreadAsync(connection, transaction, promptId, cancellationToken).ConfigureAwait(false);
        return thread is null ? null : new ReplyPromptThread(thread.Id, thread.PredictionId, thread.Recipient);
    }

    public IReadOnlyCollection<string> MayResolve(StoredPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var p = prediction.Prediction;
        var subject = new PromptSubject(p.Id, p.ResolveBy, IsOpen: true, prediction.Outlet, p.Tags, p.Editors);
        var routing = _routing.Value;
        return [.. routing.EditorsFor(subject).Concat(routing.ChiefsFor(subject)).Append(routing.DefaultDesk)
            .Distinct(StringComparer.Ordinal)];
    }
}
