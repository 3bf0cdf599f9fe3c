using ForecastWatch.Hosting;
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
/// <param name="Refiled">Messages decided on an earlier pass that could not be filed then, filed now.</param>
/// <param name="Unfiled">Decided messages that still could not be filed (retried next pass; they never block new mail).</param>
internal sealed record InboxRunSummary(int Seen, int Applied, int Rejected, int Ignored, int Failed, int Answered, int Refiled = 0,
    int Unfiled = 0)
{
    public static InboxRunSummary Empty { get; } = new(0, 0, 0, 0, 0, 0);

    public InboxRunSummary Add(InboxRunSummary o) =>
        new(Seen + o.Seen, Applied + o.Applied, Rejected + o.Rejected, Ignored + o.Ignored, Failed + o.Failed, Answered + o.Answered,
            Refiled + o.Refiled, Unfiled + o.Unfiled);
}

/// <summary>
/// Drains the inbox through <see cref="InboundProcessor"/>: once (the job, <c>inbox process --once</c>) or
/// continuously (<c>inbox process</c>: IDLE where the server offers it, else polling). A message that fails is
/// logged and left in place for the next pass; a dropped connection ends the pass and is reopened.
/// </summary>
internal sealed class InboxService(
    InboundProcessor processor,
    IInboundSourceFactory sources,
    IDatabase connections,
    IOptions<InboxOptions> options,
    TimeProvider time,
    ILogger<InboxService> logger)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);

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
        var o = options.Value;
        var backoff = FirstBackoff;
        try
        {
            // PostgreSQL: one worker reads the desk mailbox; the others wait here and take over when it stops.
            var mailbox = await MailboxLock.AcquireAsync(
                connections, o.PollInterval, time, () => InboxLog.MailboxHeldElsewhere(logger), cancellationToken).ConfigureAwait(false);
            await using var held = mailbox.ConfigureAwait(false);
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
                            backoff = FirstBackoff;
                            onPass?.Invoke(summary);

                            // IDLE until new mail (re-issued at least every IdleRefresh, RFC 2177), else polling.
                            await source.WaitForMailAsync(o.PollInterval, time, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
                catch (Exception ex) when (IsSourceFailure(ex) && !cancellationToken.IsCancellationRequested)
                {
                    // Reconnect with backoff: 1 s, 2 s, 4 s ... up to the poll interval. A refused folder or login
                    // (MailSetupException, authentication) is logged every time, so the operator sees it.
                    InboxLog.SourceFailed(logger, ex);
                    await Task.Delay(backoff, time, cancellationToken).ConfigureAwait(false);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, Math.Max(o.PollInterval.Ticks, FirstBackoff.Ticks)));
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

        // Messages decided on an earlier pass but still here (their MOVE failed or the connection dropped) are only
        // refiled: they are not fetched again and do not count against MaxMessagesPerRun, so new mail is always read.
        var decided = await DecidedAsync(source, items, cancellationToken).ConfigureAwait(false);
        var fresh = items.Where(i => !decided.ContainsKey(i.Reference)).Take(options.Value.MaxMessagesPerRun).ToList();
        source.Plan(fresh);
        var summary = InboxRunSummary.Empty;
        foreach (var item in fresh)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var outcome = await processor.RecordAndDecideAsync(source.Name, item.Reference, (s, ct) => source.CopyToAsync(item, s, ct),
                    cancellationToken)
                    .ConfigureAwait(false);
                InboxLog.Processed(logger, source.Name, item.Reference, InboundStore.Name(outcome.Status), outcome.Reason ?? "-",
                    outcome.PredictionId ?? "-");
                var status = outcome.Repeated ? InboundStatus.Duplicate : outcome.Status;
                summary = summary.Add(new InboxRunSummary(
                    1,
                    status == InboundStatus.Applied ? 1 : 0,
                    status is InboundStatus.Rejected or InboundStatus.Held ? 1 : 0,
                    status is InboundStatus.Ignored or InboundStatus.Bounce or InboundStatus.Duplicate ? 1 : 0,
                    0,
                    outcome.Answered ? 1 : 0));
                try
                {
                    await source.CompleteAsync(item, outcome.Disposition, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not MailSetupException && !IsConnectionFailure(ex))
                {
                    // Decided and recorded; only the filing failed. The next pass refiles it without reading it again.
                    InboxLog.Unfiled(logger, source.Name, 1, ex);
                    summary = summary.Add(InboxRunSummary.Empty with { Unfiled = 1 });
                }
            }
            catch (Exception ex) when (IsConnectionFailure(ex) || ex is MailSetupException)
            {
                // The source itself is gone (IMAP dropped mid-fetch: nothing was decided for this message, so it is
                // fetched again on the next pass) or refuses to file mail at all (the error names the folder).
                throw;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                InboxLog.MessageFailed(logger, source.Name, item.Reference, ex);
                summary = summary.Add(new InboxRunSummary(1, 0, 0, 0, 1, 0));
            }
        }

        return decided.Count == 0 ? summary
            : summary.Add(await RefileAsync(source, items, decided, cancellationToken).ConfigureAwait(false));
    }

    private async Task<IReadOnlyDictionary<string, InboundStatus>> DecidedAsync(IInboundSource source, IReadOnlyList<InboundItem> items,
        CancellationToken ct)
    {
        if (items.Count == 0)
        {
            return new Dictionary<string, InboundStatus>();
        }

        var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await InboundStore.FindDecidedReferencesAsync(connection, source.Name, [.. items.Select(static i => i.Reference)], ct)
                .ConfigureAwait(false);
        }
    }

    private async Task<InboxRunSummary> RefileAsync(
        IInboundSource source, IReadOnlyList<InboundItem> items, IReadOnlyDictionary<string, InboundStatus> decided, CancellationToken ct)
    {
        int refiled = 0, unfiled = 0;
        foreach (var group in items.Where(i => decided.ContainsKey(i.Reference))
            .GroupBy(i => InboundOutcome.DispositionOf(decided[i.Reference])))
        {
            var batch = group.ToList();
            try
            {
                await source.CompleteAsync(batch, group.Key, ct).ConfigureAwait(false);
                refiled += batch.Count;
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not MailSetupException && !IsConnectionFailure(ex))
            {
                InboxLog.Unfiled(logger, source.Name, batch.Count, ex);
                unfiled += batch.Count;
            }
        }

        if (refiled > 0)
        {
            InboxLog.Refiled(logger, source.Name, refiled);
        }

        return InboxRunSummary.Empty with { Refiled = refiled, Unfiled = unfiled };
    }

    /// <summary>Failures of the source itself (server, folder, credentials, Maildir) that a command reports as such.</summary>
    internal static bool IsSourceFailure(Exception ex) =>
        IsConnectionFailure(ex) || ex is MailSetupException or MailKit.CommandException or MailKit.Security.AuthenticationException
            or MailKit.Security.SslHandshakeException or NotSupportedException or UnauthorizedAccessException or DirectoryNotFoundException
            or InvalidOperationException;

    internal static bool IsConnectionFailure(Exception ex) =>
        ex is IOException or TimeoutException or MailKit.ProtocolException or MailKit.ServiceNotConnectedException
            or System.Net.Sockets.SocketException
        && ex is not FileNotFoundException and not DirectoryNotFoundException;
}

/// <summary>Opens the Maildir under the data directory, or the configured IMAP server's inbox folder.</summary>
internal sealed class InboundSourceFactory(
    IOptions<InboxOptions> inbox,
    IOptions<ForecastWatchOptions> app,
    MailServerConnector connector,
    IDatabase connections,
    TimeProvider time,
    ILogger<ImapInboundSource> logger) : IInboundSourceFactory
{
    public async Task<IInboundSource> OpenAsync(CancellationToken cancellationToken)
    {
        var options = inbox.Value;
        if (options.Source == InboxSources.Imap)
        {
            var client = await connector.ConnectImapAsync(cancellationToken).ConfigureAwait(false);
            return await ImapInboundSource.OpenAsync(client, options, connections, time, logger, cancellationToken).ConfigureAwait(false);
        }

        return new MaildirSource(Path.Combine(app.Value.DataDirectory, options.MaildirPath));
    }
}

internal static partial class InboxLog
{
    [LoggerMessage(EventId = 6108, Level = LogLevel.Information, Message = "Another worker reads the desk mailbox; waiting to take over")]
    public static partial void MailboxHeldElsewhere(ILogger logger);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information,
        Message = "Inbound {Source} {Reference}: {Status} ({Reason}) prediction {PredictionId}")]
    public static partial void Processed(ILogger logger, string source, string reference, string status, string reason,
        string predictionId);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Error,
        Message = "Inbound {Source} {Reference} failed; it stays in the inbox for the next pass")]
    public static partial void MessageFailed(ILogger logger, string source, string reference, Exception exception);

    [LoggerMessage(EventId = 6106, Level = LogLevel.Warning,
        Message = "Inbound {Source}: {Count} decided message(s) could not be filed; retried on the next pass")]
    public static partial void Unfiled(ILogger logger, string source, int count, Exception exception);

    [LoggerMessage(EventId = 6107, Level = LogLevel.Information,
        Message = "Inbound {Source}: filed {Count} message(s) decided on an earlier pass")]
    public static partial void Refiled(ILogger logger, string source, int count);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Inbox source failed; reconnecting with backoff")]
    public static partial void SourceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "IMAP folder {Folder}: UIDVALIDITY changed from {Old} to {New}; "
        + "cached UIDs discarded, messages are matched by content hash")]
    public static partial void UidValidityChanged(ILogger logger, string folder, long old, long @new);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Information,
        Message = "Inbox: {Seen} seen, {Applied} applied, {Rejected} rejected, {Ignored} ignored, {Failed} failed, {Answered} answered")]
    public static partial void Summary(ILogger logger, int seen, int applied, int rejected, int ignored, int failed, int answered);
}
