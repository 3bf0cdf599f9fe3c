using ForecastWatch.Inbound;
using ForecastWatch.Ingestion;
using ForecastWatch.Mailing;

namespace ForecastWatch.Jobs;

/// <summary>
/// What one <c>run --once</c> pass did: the inbox (or why it could not be read), the digest, the sources (null when
/// none is enabled), then the prompt jobs.
/// </summary>
internal sealed record OncePassReport(
    InboxRunSummary? Inbox, string? InboxError, DigestRunReport Digest, IngestRunReport? Ingest, RunOnceReport Prompts,
    string? MailDirectory)
{
    /// <summary>The inbox could not be read, or a message in it could not be handled.</summary>
    public bool InboxFailed => InboxError is not null || Inbox is { Failed: > 0 };
}

/// <summary>
/// <c>forecastwatch run --once</c>: every job body once, without the scheduler, in the order that makes one pass
/// complete. Replies first, so what they resolve is not prompted again and their confirmations go out below; an
/// unreachable inbox is reported and does not stop the rest. Then the digest (it reports what the replies just
/// resolved), like the worker's start: a period that fell due before this deployment ever ran is not sent late. Then
/// the sources (the ingest job): new articles and their proposals. Then the prompt jobs, whose delivery also sends
/// the digest, the proposal emails and the confirmations.
/// </summary>
internal sealed class OnceRunner(
    InboxService inbox, DigestService digests, IngestService ingest, PromptJobsRunner prompts, IMailTransport transport,
    TimeProvider time)
{
    public async Task<OncePassReport> RunAsync(CancellationToken cancellationToken)
    {
        InboxRunSummary? summary = null;
        string? inboxError = null;
        try
        {
            summary = await inbox.ProcessOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (InboxService.IsSourceFailure(ex))
        {
            inboxError = ex.Message;
        }

        var digest = await digests.CatchUpAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        IngestRunReport? polled = null;
        if (ingest.Sources.Any(static s => s.Enabled))
        {
            polled = await ingest.RunAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var jobs = await prompts.RunOnceAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return new OncePassReport(summary, inboxError, digest, polled, jobs, (transport as DirectoryMailTransport)?.Directory);
    }
}
