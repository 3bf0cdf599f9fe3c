using System.Data.Common;
using ForecastWatch.Domain.Replies;

namespace ForecastWatch.Inbound;

/// <summary>An answer to the person who sent a reply, in the same thread.</summary>
/// <param name="InboundId">The inbound row it answers (makes the Message-ID deterministic).</param>
/// <param name="To">The From address of the reply (never its Reply-To).</param>
/// <param name="ReplyTo">Where answers to this answer should go (the desk address the reply was sent to).</param>
internal sealed record ReplyAnswer(
    long InboundId,
    ReplyAnswerKind Kind,
    ReplyRejection Reason,
    string To,
    string? ReplyTo,
    string Subject,
    string Text,
    string? InReplyTo,
    IReadOnlyList<string> References,
    string? PredictionId);

/// <summary>Writes answers and bounce marks into the outbox, inside the caller's transaction.</summary>
internal interface IReplyAnswerSink
{
    /// <summary>Enqueues the answer; returns its Message-ID.</summary>
    Task<string> EnqueueAsync(DbConnection connection, DbTransaction transaction, ReplyAnswer answer, DateTimeOffset now,
        CancellationToken cancellationToken);

    /// <summary>Marks the outbox message with this Message-ID as bounced (permanent) or records a transient delay.</summary>
    Task<bool> MarkBouncedAsync(DbConnection connection, DbTransaction transaction, string messageId, bool permanent, string detail,
        string? enhancedStatus, CancellationToken cancellationToken);
}
