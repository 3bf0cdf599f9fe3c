using System.Globalization;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.Logging;

namespace ForecastWatch.Inbound;

/// <summary>
/// An IMAP folder as an inbound source, through MailKit. UID SEARCH lists the folder; bodies are fetched with
/// BODY.PEEK[] in batches of small messages (one command each batch; a large message on its own) and filed with
/// MOVE (MailKit falls back to COPY + STORE \Deleted + UID EXPUNGE where MOVE is missing). The processed and rejected
/// folders live under the server's personal namespace with its delimiter (<c>INBOX.</c> and <c>.</c> on Cyrus or
/// Courier), and are created if missing; a CREATE or MOVE the server refuses stops the inbox with an error naming
/// the folder. A reference is <c>folder;uidvalidity;uid</c>: when UIDVALIDITY changes (RFC 9051 section 2.3.1.1)
/// old references are not acted on, the folder is listed again and the content hash makes re-reading harmless.
/// </summary>
internal sealed class ImapInboundSource : IInboundSource
{
    private const int BatchCount = 50;
    private const long BatchBytes = 4 * 1024 * 1024;

    private readonly ImapClient _client;
    private readonly InboxOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<uint, byte[]> _prefetched = [];
    private readonly Dictionary<uint, long> _sizes = [];
    private List<uint> _plan = [];
    private IMailFolder _inbox = null!;
    private IMailFolder _processed = null!;
    private IMailFolder _rejected = null!;

    private ImapInboundSource(ImapClient client, InboxOptions options, ILogger logger)
    {
        _client = client;
        _options = options;
        _logger = logger;
    }

    public string Name => "imap";

    public uint UidValidity => _inbox.UidValidity;

    /// <summary>The full names the two target folders have on this server.</summary>
    public (string Processed, string Rejected) Folders => (_processed.FullName, _rejected.FullName);

    /// <summary>Makes sure the target folders exist and opens the inbox folder on a connected, authenticated client.</summary>
    public static async Task<ImapInboundSource> OpenAsync(
        ImapClient client, InboxOptions options, IDatabase? connections, TimeProvider time, ILogger logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var source = new ImapInboundSource(client, options, logger);
        try
        {
            source._processed = await ImapFolders.GetOrCreateAsync(client, options.ProcessedFolder, "ForecastWatch:Inbox:ProcessedFolder",
                cancellationToken).ConfigureAwait(false);
            source._rejected = await ImapFolders.GetOrCreateAsync(client, options.RejectedFolder, "ForecastWatch:Inbox:RejectedFolder",
                cancellationToken).ConfigureAwait(false);
            source._inbox = string.Equals(options.ImapFolder, "INBOX", StringComparison.OrdinalIgnoreCase)
                ? client.Inbox!
                : await ImapFolders.GetAsync(client, options.ImapFolder, cancellationToken).ConfigureAwait(false)
                  ?? throw new MailSetupException(
                      $"IMAP folder '{options.ImapFolder}' does not exist; check ForecastWatch:Inbox:ImapFolder.");
            await source._inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken).ConfigureAwait(false);
            if (connections is not null)
            {
                await source.RememberUidValidityAsync(connections, time, cancellationToken).ConfigureAwait(false);
            }

            return source;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public async Task<IReadOnlyList<InboundItem>> ListAsync(CancellationToken cancellationToken)
    {
        _prefetched.Clear();
        _sizes.Clear();
        var uids = await _inbox.SearchAsync(SearchQuery.NotDeleted, cancellationToken).ConfigureAwait(false);
        if (uids.Count > 0)
        {
            // One FETCH for all sizes, so bodies can be batched without holding a large message in memory twice.
            foreach (var summary in await _inbox.FetchAsync(uids, MessageSummaryItems.UniqueId | MessageSummaryItems.Size,
                cancellationToken).ConfigureAwait(false))
            {
                _sizes[summary.UniqueId.Id] = summary.Size ?? long.MaxValue;
            }
        }

        return [.. uids.Select(static u => u.Id).Order().Select(uid => new InboundItem(Name, Reference(uid)))];
    }

    public void Plan(IReadOnlyList<InboundItem> toRead) =>
        _plan = [.. toRead.Select(ParseCurrent).OfType<uint>()];

    public async Task CopyToAsync(InboundItem item, Stream destination, CancellationToken cancellationToken)
    {
        var uid = ParseCurrent(item)
            ?? throw new InvalidOperationException($"{item.Reference} belongs to an earlier UIDVALIDITY of {_options.ImapFolder}.");
        if (!_prefetched.ContainsKey(uid))
        {
            var batch = NextBatch(uid);
            if (batch.Count > 1)
            {
                await FetchBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }

        if (_prefetched.Remove(uid, out var bytes))
        {
            await destination.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            return;
        }

        Stream body;
        try
        {
            body = await _inbox.GetStreamAsync(new UniqueId(_inbox.UidValidity, uid), string.Empty, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (MessageNotFoundException ex)
        {
            throw new InvalidOperationException($"{item.Reference} is no longer in {_options.ImapFolder}.", ex);
        }

        await using (body.ConfigureAwait(false))
        {
            await body.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task CompleteAsync(InboundItem item, InboundDisposition disposition, CancellationToken cancellationToken) =>
        CompleteAsync([item], disposition, cancellationToken);

    public async Task CompleteAsync(IReadOnlyList<InboundItem> items, InboundDisposition disposition, CancellationToken cancellationToken)
    {
        var uids = items.Select(ParseCurrent).OfType<uint>().Select(u => new UniqueId(_inbox.UidValidity, u)).ToList();
        if (uids.Count == 0)
        {
            return;
        }

        var target = disposition == InboundDisposition.Processed ? _processed : _rejected;
        try
        {
            await _inbox.MoveToAsync(uids, target, cancellationToken).ConfigureAwait(false);
        }
        catch (ImapCommandException ex)
        {
            throw new MailSetupException(
                $"The IMAP server refused to move mail to '{target.FullName}': {ex.Response} {ex.ResponseText}. Check that the folder "
                    + $"exists and "
                + "may be written, or set ForecastWatch:Inbox:ProcessedFolder / RejectedFolder to one that can.", ex);
        }
    }

    public async Task WaitForMailAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (!_options.UseIdle || !_client.Capabilities.HasFlag(ImapCapabilities.Idle))
        {
            await Task.Delay(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
            await _client.NoOpAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        // RFC 2177: re-issue IDLE before 29 minutes (the caller's timeout is below that). DONE is sent as soon as
        // the server announces a new message (EXISTS), so the caller lists the folder within the server's push delay.
        // A shutdown ends IDLE politely too (DONE, then the server's tagged OK); only a server that does not answer
        // within a few seconds more has the command aborted.
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var abort = new CancellationTokenSource();
        using var grace = cancellationToken.Register(static s => ((CancellationTokenSource)s!).CancelAfter(TimeSpan.FromSeconds(5)), abort);
        var idle = timeout < _options.IdleRefresh ? timeout : _options.IdleRefresh;
        using var timer = timeProvider.CreateTimer(static s => Cancel((CancellationTokenSource)s!), done, idle, Timeout.InfiniteTimeSpan);
        void OnCountChanged(object? sender, EventArgs e) => Cancel(done);
        _inbox.CountChanged += OnCountChanged;
        try
        {
            await _client.IdleAsync(done.Token, abort.Token).ConfigureAwait(false);
        }
        finally
        {
            _inbox.CountChanged -= OnCountChanged;
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                using var logout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.DisconnectAsync(quit: true, logout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (InboxService.IsConnectionFailure(ex) || ex is OperationCanceledException or CommandException)
        {
            // Logging out of a dead connection fails; the socket is closed below either way.
        }

        _client.Dispose();
    }

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The wait already ended.
        }
    }

    private List<uint> NextBatch(uint uid)
    {
        var batch = new List<uint>();
        long bytes = 0;
        var start = _plan.IndexOf(uid);
        foreach (var next in start < 0 ? [uid] : _plan.Skip(start))
        {
            var size = _sizes.GetValueOrDefault(next, long.MaxValue);
            if (batch.Count >= BatchCount || size > BatchBytes - bytes)
            {
                break;
            }

            batch.Add(next);
            bytes += size;
        }

        return batch;
    }

    private async Task FetchBatchAsync(List<uint> batch, CancellationToken cancellationToken)
    {
        var ids = batch.Select(u => new UniqueId(_inbox.UidValidity, u)).ToList();
        await ((ImapFolder)_inbox).GetStreamsAsync(
            ids,
            async (folder, index, uid, stream, ct) =>
            {
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, ct).ConfigureAwait(false);
                _prefetched[uid.Id] = copy.ToArray();
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task RememberUidValidityAsync(IDatabase connections, TimeProvider time, CancellationToken cancellationToken)
    {
        var current = _inbox.UidValidity;
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var previous = await InboundStore.GetUidValidityAsync(connection, _options.ImapFolder, cancellationToken).ConfigureAwait(false);
            if (previous != current)
            {
                if (previous is { } old)
                {
                    InboxLog.UidValidityChanged(_logger, _options.ImapFolder, old, current);
                }

                await InboundStore.SetUidValidityAsync(connection, _options.ImapFolder, current, time.GetUtcNow(), cancellationToken)
                    .ConfigureAwait(false);
            }
        }
    }

    private string Reference(uint uid) => string.Create(CultureInfo.InvariantCulture, $"{_options.ImapFolder};{_inbox.UidValidity};{uid}");

    private uint? ParseCurrent(InboundItem item)
    {
        var parts = item.Reference.Split(';');
        return parts.Length == 3
               && uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var validity)
                   && validity == _inbox.UidValidity
               && uint.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            ? uid
            : null;
    }
}

/// <summary>Folder names relative to the server's personal namespace (RFC 2342), created level by level.</summary>
internal static class ImapFolders
{
    /// <summary>
    /// The server's name for <paramref name="configured"/> (levels separated by '/'): under the first personal
    /// namespace, with its delimiter. A name that already starts with the namespace prefix is taken as it is.
    /// </summary>
    public static string FullName(ImapClient client, string configured)
    {
        var (prefix, delimiter) = Namespace(client);
        var name = configured.Trim('/').Replace('/', delimiter);
        return prefix.Length > 0 && name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? name : prefix + name;
    }

    /// <summary>The personal namespace's prefix as the server announces it ("" or "INBOX.") and its delimiter.</summary>
    public static (string Prefix, char Delimiter) Namespace(ImapClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var ns = client.PersonalNamespaces.Count > 0 ? client.PersonalNamespaces[0] : null;
        var delimiter = ns?.DirectorySeparator is { } d and not '\0' ? d : client.Inbox?.DirectorySeparator is { } i and not '\0' ? i : '/';

        // MailKit keeps the namespace path without its trailing delimiter ("INBOX" for "INBOX.").
        var path = ns?.Path ?? "";
        return (path.Length == 0 || path[^1] == delimiter ? path : path + delimiter, delimiter);
    }

    public static async Task<IMailFolder?> GetAsync(ImapClient client, string configured, CancellationToken ct)
    {
        try
        {
            return await client.GetFolderAsync(FullName(client, configured), ct).ConfigureAwait(false);
        }
        catch (FolderNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The folder, created (with its parents) if missing; a refused CREATE is a <see cref="MailSetupException"/>.</summary>
    public static async Task<IMailFolder> GetOrCreateAsync(ImapClient client, string configured, string key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await GetAsync(client, configured, ct).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        var ns = client.PersonalNamespaces.Count > 0 ? client.PersonalNamespaces[0] : new FolderNamespace('/', "");
        var (prefix, delimiter) = Namespace(client);
        var full = FullName(client, configured);
        IMailFolder parent = client.GetFolder(ns)
            ?? throw new MailSetupException($"The IMAP server has no folder for its personal namespace '{prefix}'.");
        var relative = full[prefix.Length..];
        foreach (var level in relative.Split(delimiter, StringSplitOptions.RemoveEmptyEntries))
        {
            // The namespace root is "" (Dovecot, Gmail) or the INBOX folder itself ("INBOX." on Cyrus and Courier).
            var path = parent.FullName.Length == 0 ? level : parent.FullName + delimiter + level;
            IMailFolder? folder;
            try
            {
                folder = await client.GetFolderAsync(path, ct).ConfigureAwait(false);
            }
            catch (FolderNotFoundException)
            {
                folder = null;
            }

            if (folder is null)
            {
                try
                {
                    folder = await parent.CreateAsync(level, isMessageFolder: true, ct).ConfigureAwait(false);
                }
                catch (ImapCommandException ex)
                {
                    throw new MailSetupException(
                        $"The IMAP server refused to create folder '{path}' ({key}): {ex.Response} {ex.ResponseText}. Create it yourself, "
                        + $"or set {key} to a folder that exists or may be created.", ex);
                }
            }

            parent = folder ?? throw new MailSetupException($"The IMAP server did not create folder '{path}' ({key}).");
        }

        return parent;
    }
}
