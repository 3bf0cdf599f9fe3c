using ForecastWatch.Hosting;
using ForecastWatch.Mail.Net;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Inbound;

/// <summary>Opens the configured inbound source (Maildir or IMAP).</summary>
internal interface IInboundSourceFactory
{
    Task<IInboundSource> OpenAsync(CancellationToken cancellationToken);
}

/// <summary>What one pass over the inbox did.</summary>
internal sealed record InboxRunSummary(int Seen, int Applied, int Rejected, int Ignored, int Failed, int Answered)
{
    public static InboxRunSummary Empty { get; } = new(0, 0, 0, 0, 0, 0);

    public InboxRunSummary Add(InboxRunSummary o) =>
        new(Seen + o.Seen, Applied + o.Applied, Rejected + o.Rejected, Ignored + o.Ignored, Failed + o.Failed, Answered + o.Answered);
}

/// <summary>
/// Drains the inbox through <see cref="InboundProcessor"/>: once (the job, <c>inbox process --once</c>) or
/// continuously (<c>inbox process</c>: IDLE where the server offers it, else polling). A message that fails is
/// logged and left in place for the next pass; a dropped connection ends the pass and is reopened.
/// </summary>
internal sealed class InboxService(
    InboundProcessor processor,
    IInboundSourceFactory sources,
    IOptions<InboxOptions> options,
    TimeProvider time,
    ILogger<InboxService> logger)
{
    public async Task<InboxRunSummary> ProcessOnceAsync(CancellationToken cancellationToken)
    {
        var source = await sources.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            return await DrainAsync(source, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads until <paramref name="cancellationToken"/> is cancelled, then returns normally: a shutdown ends the
    /// IDLE with DONE (the client waits for the server's tagged OK) and the source logs out before this returns.
    /// </summary>
    public async Task RunAsync(Action<InboxRunSummary>? onPass, CancellationToken cancellationToken)
    {
        var poll = options.Value.PollInterval;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    var source = await sources.OpenAsync(cancellationToken).ConfigureAwait(false);
                    await using (source.ConfigureAwait(false))
                    {
                        while (!cancellationToken.IsCancellationRequested)
                        {
                            var summary = await DrainAsync(source, cancellationToken).ConfigureAwait(false);
                            onPass?.Invoke(summary);
                            await source.WaitForMailAsync(poll, time, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
                catch (Exception ex) when (IsConnectionFailure(ex) && !cancellationToken.IsCancellationRequested)
                {
                    InboxLog.SourceFailed(logger, ex);
                    await Task.Delay(poll, time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: the source was disposed on the way out (LOGOUT); nothing else to undo.
        }
    }

    private async Task<InboxRunSummary> DrainAsync(IInboundSource source, CancellationToken cancellationToken)
    {
        var items = await source.ListAsync(cancellationToken).ConfigureAwait(false);
        var summary = InboxRunSummary.Empty;
        foreach (var item in items.Take(options.Value.MaxMessagesPerRun))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var outcome = await processor.ProcessAsync(source, item, cancellationToken).ConfigureAwait(false);
                InboxLog.Processed(logger, source.Name, item.Reference, InboundStore.Name(outcome.Status), outcome.Reason ?? "-", outcome.PredictionId ?? "-");
                var status = outcome.Repeated ? InboundStatus.Duplicate : outcome.Status;
                summary = summary.Add(new InboxRunSummary(
                    1,
                    status == InboundStatus.Applied ? 1 : 0,
                    status is InboundStatus.Rejected or InboundStatus.Held ? 1 : 0,
                    status is InboundStatus.Ignored or InboundStatus.Bounce or InboundStatus.Duplicate ? 1 : 0,
                    0,
                    outcome.Answered ? 1 : 0));
            }
            catch (Exception ex) when (IsConnectionFailure(ex))
            {
                // The source itself is gone (IMAP dropped mid-fetch): nothing was decided for this message, so
                // it is fetched again on the next pass.
                throw;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                InboxLog.MessageFailed(logger, source.Name, item.Reference, ex);
                summary = summary.Add(new InboxRunSummary(1, 0, 0, 0, 1, 0));
            }
        }

        return summary;
    }

    /// <summary>Failures of the source itself (server, folder, credentials, Maildir) that a command reports as such.</summary>
    internal static bool IsSourceFailure(Exception ex) =>
        IsConnectionFailure(ex) || ex is MailCommandException or UnauthorizedAccessException or DirectoryNotFoundException or InvalidOperationException;

    internal static bool IsConnectionFailure(Exception ex) =>
        ex is IOException or TimeoutException or MailProtocolException or System.Net.Sockets.SocketException
        && ex is not FileNotFoundException and not DirectoryNotFoundException;
}

/// <summary>Opens the Maildir under the data directory, or the configured IMAP server's inbox folder.</summary>
internal sealed class InboundSourceFactory(
    IOptions<InboxOptions> inbox,
    IOptions<ForecastWatchOptions> app,
    MailServerConnector connector,
    SqliteConnectionFactory connections,
    TimeProvider time,
    ILogger<ImapInboundSource> logger) : IInboundSourceFactory
{
    public async Task<IInboundSource> OpenAsync(CancellationToken cancellationToken)
    {
        var options = inbox.Value;
        if (options.Source == InboxSources.Imap)
        {
            var client = await connector.ConnectImapAsync(null, cancellationToken).ConfigureAwait(false);
            return await ImapInboundSource.OpenAsync(client, options, connections, time, logger, cancellationToken).ConfigureAwait(false);
        }

        return new MaildirSource(Path.Combine(app.Value.DataDirectory, options.MaildirPath));
    }
}

internal static partial class InboxLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Inbound {Source} {Reference}: {Status} ({Reason}) prediction {PredictionId}")]
    public static partial void Processed(ILogger logger, string source, string reference, string status, string reason, string predictionId);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Error, Message = "Inbound {Source} {Reference} failed; it stays in the inbox for the next pass")]
    public static partial void MessageFailed(ILogger logger, string source, string reference, Exception exception);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Inbox source failed; reconnecting after the poll interval")]
    public static partial void SourceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "IMAP folder {Folder}: UIDVALIDITY changed from {Old} to {New}; cached UIDs discarded, messages are matched by content hash")]
    public static partial void UidValidityChanged(ILogger logger, string folder, long old, long @new);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Information, Message = "Inbox: {Seen} seen, {Applied} applied, {Rejected} rejected, {Ignored} ignored, {Failed} failed, {Answered} answered")]
    public static partial void Summary(ILogger logger, int seen, int applied, int rejected, int ignored, int failed, int answered);
}
