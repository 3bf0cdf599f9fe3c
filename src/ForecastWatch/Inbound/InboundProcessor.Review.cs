using System.Data.Common;
using System.Globalization;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Storage;

namespace ForecastWatch.Inbound;

/// <summary>How a release or discard ended.</summary>
internal enum InboundReviewResultKind
{
    /// <summary>The message was held and is now released or discarded.</summary>
    Done,

    /// <summary>The same action was taken before; nothing changed.</summary>
    AlreadyDone,

    /// <summary>No inbound message has this id.</summary>
    NotFound,

    /// <summary>The message is not held (never was, or the other action was taken).</summary>
    NotHeld,

    /// <summary>The raw message file is gone, so it cannot be decided again.</summary>
    RawMissing,
}

/// <summary>The result of <c>inbox release</c> or <c>inbox discard</c>, with the words to print.</summary>
/// <param name="Outcome">The decision taken on release (status applied, rejected or duplicate).</param>
internal sealed record InboundReviewResult(InboundReviewResultKind Kind, string Message, InboundReview? Review = null,
    InboundOutcome? Outcome = null)
{
    public bool IsSuccess => Kind is InboundReviewResultKind.Done or InboundReviewResultKind.AlreadyDone;
}

/// <summary>A held message for <c>inbox held</c>: its row, and the first line of what the editor wrote.</summary>
/// <param name="VerdictLine">The first non-blank line of the trimmed reply; null when the raw message is missing or the
/// reply is empty.</param>
/// <param name="VerdictProblem">Why that line does not read as a verdict, or null when it does.</param>
internal sealed record HeldMessage(InboundRecord Record, string? VerdictLine, string? VerdictProblem);

/// <summary>
/// The standards desk's review of held messages. A release decides the stored raw message again, in one
/// transaction and through the same steps as a new reply, except that our server's Authentication-Results are
/// not consulted; a discard only records the decision. Both write an <see cref="InboundReview"/> audit row, and
/// both re-read the row inside the write transaction, so two operators acting at once cannot both succeed.
/// </summary>
internal sealed partial class InboundProcessor
{
    public async Task<IReadOnlyList<HeldMessage>> ListHeldAsync(CancellationToken cancellationToken)
    {
        var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await InboundStore.ListHeldAsync(connection, cancellationToken).ConfigureAwait(false);
            var held = new List<HeldMessage>(rows.Count);
            foreach (var row in rows)
            {
                InboundMail? mail;
                try
                {
                    mail = await TryReadRawAsync(connection, row, cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidDataException ex)
                {
                    held.Add(new HeldMessage(row, null, ex.Message));
                    continue;
                }

                if (mail is null)
                {
                    held.Add(new HeldMessage(row, null, $"The raw message {row.Sha256} is missing."));
                    continue;
                }

                var text = WhatTheEditorWrote(mail);
                var line = text.Split('\n').Select(static l => l.Trim()).FirstOrDefault(static l => l.Length > 0);
                held.Add(new HeldMessage(row, line, VerdictReader.Read(text).Problem));
            }

            return held;
        }
    }

    /// <summary>Decides a held message again as an authorized reply, on <paramref name="reviewer"/>'s word.</summary>
    public async Task<InboundReviewResult> ReleaseAsync(long inboundId, string reviewer, string? note, CancellationToken cancellationToken)
    {
        var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var record = await InboundStore.GetAsync(connection, null, inboundId, cancellationToken).ConfigureAwait(false);
            if (record is null || record.Status != InboundStatus.Held)
            {
                return await NotHeldAsync(connection, null, inboundId, record, InboundReviewAction.Released, cancellationToken)
                    .ConfigureAwait(false);
            }

            var mail = await TryReadRawAsync(connection, record, cancellationToken).ConfigureAwait(false);
            if (mail is null)
            {
                return new InboundReviewResult(
                    InboundReviewResultKind.RawMissing,
                    $"inbound #{inboundId}: the raw message (SHA-256 {record.Sha256}) is neither in the database nor under "
                        + $"{_raw.Root}, so it cannot be released; nothing changed.");
            }

            var now = _time.GetUtcNow();
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Locked on PostgreSQL (SQLite's BEGIN IMMEDIATE serialises anyway): a second operator waits, then reads it decided.
                record = await InboundStore.GetToDecideAsync(connection, transaction, inboundId, cancellationToken).ConfigureAwait(false);
                if (record is null || record.Status != InboundStatus.Held)
                {
                    return await NotHeldAsync(connection, transaction, inboundId, record, InboundReviewAction.Released, cancellationToken)
                        .ConfigureAwait(false);
                }

                var context = new Decision(connection, transaction, record, mail, now, vouched: true);
                var outcome = await DecideAsync(context, cancellationToken).ConfigureAwait(false);
                await InboundStore.DecideAsync(
                    connection, transaction, record.Id,
                    new InboundDecision(outcome.Status, outcome.Reason, outcome.Detail, outcome.PredictionId, context.ResolutionId),
                    now, cancellationToken).ConfigureAwait(false);
                var review = new InboundReview(record.Id, InboundReviewAction.Released, reviewer, note, record.Reason, record.Detail, now);
                await InboundStore.AddReviewAsync(connection, transaction, review, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

                var answered = outcome.Answered ? $"; answer queued to {mail.From[0]}" : "; no answer sent";
                return new InboundReviewResult(
                    InboundReviewResultKind.Done,
                    $"inbound #{record.Id} released by {reviewer}: {Describe(outcome.Status, outcome.Reason, outcome.Detail)}{answered}.",
                    review,
                    outcome);
            }
        }
    }

    /// <summary>Sets a held message aside: nothing is applied and no mail is sent.</summary>
    public async Task<InboundReviewResult> DiscardAsync(long inboundId, string reviewer, string reason, CancellationToken cancellationToken)
    {
        var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var now = _time.GetUtcNow();
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var record = await InboundStore.GetToDecideAsync(connection, transaction, inboundId, cancellationToken)
                    .ConfigureAwait(false);
                if (record is null || record.Status != InboundStatus.Held)
                {
                    return await NotHeldAsync(connection, transaction, inboundId, record, InboundReviewAction.Discarded, cancellationToken)
                        .ConfigureAwait(false);
                }

                var detail = $"Discarded by {reviewer}: {reason}";
                await InboundStore.DecideAsync(
                    connection, transaction, record.Id,
                    new InboundDecision(InboundStatus.Rejected, "Discarded", detail, record.PredictionId),
                    now, cancellationToken).ConfigureAwait(false);
                var review = new InboundReview(record.Id, InboundReviewAction.Discarded, reviewer, reason, record.Reason, record.Detail,
                    now);
                await InboundStore.AddReviewAsync(connection, transaction, review, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new InboundReviewResult(InboundReviewResultKind.Done, $"inbound #{record.Id} discarded by {reviewer}; no mail sent.",
                    review);
            }
        }
    }

    private static async Task<InboundReviewResult> NotHeldAsync(
        DbConnection connection, DbTransaction? transaction, long inboundId, InboundRecord? record, InboundReviewAction wanted,
        CancellationToken cancellationToken)
    {
        if (record is null)
        {
            return new InboundReviewResult(InboundReviewResultKind.NotFound, $"inbound #{inboundId} does not exist; nothing changed.");
        }

        var review = await InboundStore.GetReviewAsync(connection, transaction, inboundId, cancellationToken).ConfigureAwait(false);
        var outcome = Describe(record.Status, record.Reason, record.Detail);
        if (review is null)
        {
            return new InboundReviewResult(InboundReviewResultKind.NotHeld,
                $"inbound #{inboundId} is not held for review: it is {outcome}; nothing changed.");
        }

        var when = review.ReviewedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var by = $"{InboundStore.Name(review.Action)} by {review.Reviewer} at {when} UTC";
        return review.Action == wanted
            ? new InboundReviewResult(InboundReviewResultKind.AlreadyDone,
                $"inbound #{inboundId} was already {by} ({outcome}); nothing changed.", review)
            : new InboundReviewResult(InboundReviewResultKind.NotHeld,
                $"inbound #{inboundId} is not held for review: it was {by}; nothing changed.", review);
    }

    private static string Describe(InboundStatus status, string? reason, string? detail)
    {
        var text = InboundStore.Name(status);
        if (reason is { Length: > 0 })
        {
            text += $" ({reason})";
        }

        return detail is { Length: > 0 } ? $"{text}: {detail.TrimEnd('.')}" : text;
    }

    /// <summary>The stored message parsed, or null when its bytes are stored nowhere.</summary>
    private async Task<InboundMail?> TryReadRawAsync(DbConnection connection, InboundRecord record, CancellationToken cancellationToken)
    {
        var bytes = await _raw.ReadAsync(connection, null, record.Id, record.Sha256, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        var stream = new MemoryStream(bytes, writable: false);
        await using (stream.ConfigureAwait(false))
        {
            return await _reader.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }
}
