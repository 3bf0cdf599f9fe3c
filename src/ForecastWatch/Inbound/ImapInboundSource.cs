using System.Globalization;
using ForecastWatch.Mail.Imap;
using ForecastWatch.Storage;
using Microsoft.Extensions.Logging;

namespace ForecastWatch.Inbound;

/// <summary>
/// An IMAP folder as an inbound source. Messages are fetched with BODY.PEEK[] (streamed, spooled by the client for
/// large literals) and moved to the processed or rejected folder afterwards, both created if missing. A reference is
/// <c>folder;uidvalidity;uid</c>: when UIDVALIDITY changes (RFC 9051 section 2.3.1.1) old references are not acted
/// on, the folder is listed again and the content hash makes re-reading harmless.
/// </summary>
internal sealed class ImapInboundSource : IInboundSource
{
    private readonly ImapClient _client;
    private readonly InboxOptions _options;
    private readonly ILogger _logger;
    private string _processed = "";
    private string _rejected = "";
    private uint _uidValidity;

    private ImapInboundSource(ImapClient client, InboxOptions options, ILogger logger)
    {
        _client = client;
        _options = options;
        _logger = logger;
    }

    public string Name => "imap";

    public uint UidValidity => _uidValidity;

    /// <summary>Selects the inbox folder on a connected, authenticated client and makes sure the target folders exist.</summary>
    public static async Task<ImapInboundSource> OpenAsync(
        ImapClient client, InboxOptions options, SqliteConnectionFactory connections, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var source = new ImapInboundSource(client, options, logger);
        try
        {
            await source.PrepareFoldersAsync(cancellationToken).ConfigureAwait(false);
            var mailbox = await client.SelectAsync(options.ImapFolder, cancellationToken).ConfigureAwait(false);
            source._uidValidity = mailbox.UidValidity;
            await source.RememberUidValidityAsync(connections, time, cancellationToken).ConfigureAwait(false);
            return source;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<IReadOnlyList<InboundItem>> ListAsync(CancellationToken cancellationToken)
    {
        var uids = await _client.SearchAsync(ImapSearchQuery.NotDeleted, cancellationToken).ConfigureAwait(false);
        return [.. uids.Order().Select(uid => new InboundItem(Name, Reference(uid)))];
    }

    public async Task CopyToAsync(InboundItem item, Stream destination, CancellationToken cancellationToken)
    {
        var uid = ParseCurrent(item) ?? throw new InvalidOperationException($"{item.Reference} belongs to an earlier UIDVALIDITY of {_options.ImapFolder}.");
        await foreach (var message in _client.FetchStreamAsync([uid], ImapFetchItems.Body, cancellationToken).ConfigureAwait(false))
        {
            using (message)
            {
                if (message.Uid != uid || message.Body is null)
                {
                    continue;
                }

                var body = message.Body.OpenRead();
                await using (body.ConfigureAwait(false))
                {
                    await body.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
        }

        throw new InvalidOperationException($"{item.Reference} is no longer in {_options.ImapFolder}.");
    }

    public async Task CompleteAsync(InboundItem item, InboundDisposition disposition, CancellationToken cancellationToken)
    {
        if (ParseCurrent(item) is not { } uid)
        {
            return;
        }

        await _client.MoveAsync([uid], disposition == InboundDisposition.Processed ? _processed : _rejected, cancellationToken).ConfigureAwait(false);
    }

    public async Task WaitForMailAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (!_options.UseIdle || !_client.Capabilities.Has(ImapCapability.Idle))
        {
            await Task.Delay(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
            await _client.NoOpAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = timeProvider.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), window, timeout, Timeout.InfiniteTimeSpan);
        try
        {
            await _client.IdleAsync(window.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed without news: the caller lists the folder anyway.
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                using var logout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.DisconnectAsync(logout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (InboxService.IsConnectionFailure(ex) || ex is OperationCanceledException or Mail.Net.MailCommandException)
        {
            // Logging out of a dead connection fails; the socket is closed below either way.
        }

        await _client.DisposeAsync().ConfigureAwait(false);
    }

    private async Task PrepareFoldersAsync(CancellationToken cancellationToken)
    {
        var folders = await _client.ListAsync("*", cancellationToken).ConfigureAwait(false);
        var delimiter = folders.Select(static f => f.Delimiter).FirstOrDefault(static d => d is not null) ?? '/';
        _processed = _options.ProcessedFolder.Replace('/', delimiter);
        _rejected = _options.RejectedFolder.Replace('/', delimiter);
        var existing = folders.Select(static f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var target in (string[])[_processed, _rejected])
        {
            // Create parents first: not every server creates intermediate levels (RFC 9051 section 6.3.4 allows either).
            var parts = target.Split(delimiter);
            for (var i = 1; i <= parts.Length; i++)
            {
                var name = string.Join(delimiter, parts[..i]);
                if (existing.Add(name))
                {
                    try
                    {
                        await _client.CreateFolderAsync(name, cancellationToken).ConfigureAwait(false);
                    }
                    catch (ImapCommandException ex) when (ex.Status == ImapStatus.No)
                    {
                        // [ALREADYEXISTS] or a parent the server creates implicitly; MOVE reports a real problem.
                    }
                }
            }
        }
    }

    private async Task RememberUidValidityAsync(SqliteConnectionFactory connections, TimeProvider time, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var previous = await InboundStore.GetUidValidityAsync(connection, _options.ImapFolder, cancellationToken).ConfigureAwait(false);
            if (previous != _uidValidity)
            {
                if (previous is { } old)
                {
                    InboxLog.UidValidityChanged(_logger, _options.ImapFolder, old, _uidValidity);
                }

                await InboundStore.SetUidValidityAsync(connection, _options.ImapFolder, _uidValidity, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private string Reference(uint uid) => string.Create(CultureInfo.InvariantCulture, $"{_options.ImapFolder};{_uidValidity};{uid}");

    private uint? ParseCurrent(InboundItem item)
    {
        var parts = item.Reference.Split(';');
        return parts.Length == 3
               && uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var validity) && validity == _uidValidity
               && uint.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            ? uid
            : null;
    }
}
