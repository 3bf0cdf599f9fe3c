using System.Globalization;
using ForecastWatch.Mail.Net;

namespace ForecastWatch.Mail.Imap;

/// <summary>
/// Runs commands over one connection: tags, literals (synchronizing or LITERAL+), continuation requests,
/// and the untagged responses that may arrive at any time (RFC 3501 section 7), which update the engine's view of
/// the capabilities and the selected mailbox before a command's own handler sees them.
/// </summary>
internal sealed class ImapEngine(MailConnection connection, ImapParserLimits limits) : IAsyncDisposable
{
    private readonly ImapResponseParser parser = new(connection, limits);
    private int tag;

    public MailConnection Connection => connection;

    public ImapCapabilities Capabilities { get; set; } = ImapCapabilities.Empty;

    public ImapMailbox? Selected { get; set; }

    /// <summary>The text of an untagged BYE, when the server announced it is closing.</summary>
    public string? ByeText { get; private set; }

    public ValueTask<ImapResponse> ReadResponseAsync(CancellationToken ct) => parser.ReadResponseAsync(ct);

    public string NextTag() => "A" + (++tag).ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>Sends a command without literals and returns its tag; the caller reads the responses.</summary>
    public async Task<string> SendAsync(ImapCommandBuilder command, CancellationToken ct)
    {
        var commandTag = NextTag();
        var parts = command.Parts;
        if (parts.Count != 1 || parts[0].Text is null)
        {
            throw new InvalidOperationException("SendAsync takes a command without literals.");
        }

        await connection.WriteAsync(commandTag + " " + parts[0].Text + "\r\n", ct, commandTag + " " + parts[0].LogText + "\r\n").ConfigureAwait(false);
        await connection.FlushAsync(ct).ConfigureAwait(false);
        return commandTag;
    }

    /// <summary>Checks that a tagged response completes <paramref name="commandTag"/> and applies its response code.</summary>
    public void CompleteTagged(ImapResponse response, string commandTag, string commandName)
    {
        if (!string.Equals(response.Tag, commandTag, StringComparison.Ordinal))
        {
            throw new MailProtocolException($"The IMAP server completed tag '{response.Tag}' while '{commandTag}' ({commandName}) was running.");
        }

        HandleCode(response);
    }

    /// <summary>Sends a command and reads until its tagged completion, which is returned whatever its status.</summary>
    /// <param name="command">The command.</param>
    /// <param name="onUntagged">Sees each untagged response after the engine; returns true if it keeps any literal in it.</param>
    /// <param name="onContinuation">Answers a server challenge (AUTHENTICATE); null means a challenge is a protocol error.</param>
    /// <param name="ct">Cancellation (the caller applies the timeout).</param>
    public async Task<ImapResponse> ExecuteAsync(
        ImapCommandBuilder command, Func<ImapResponse, bool>? onUntagged, Func<string, string>? onContinuation, CancellationToken ct)
    {
        var commandTag = NextTag();
        var parts = command.Parts;
        var nonSync = Capabilities.Has(ImapCapability.LiteralPlus);
        var nonSyncSmall = Capabilities.Has(ImapCapability.LiteralMinus);
        var head = commandTag + " ";
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (part.Text is not null)
            {
                await connection.WriteAsync(head + part.Text, ct, head + part.LogText).ConfigureAwait(false);
                head = "";
                continue;
            }

            var length = part.LiteralLength;
            var plus = nonSync || (nonSyncSmall && length <= 4096);
            var marker = string.Create(CultureInfo.InvariantCulture, $"{head}{{{length}{(plus ? "+" : "")}}}\r\n");
            head = "";
            await connection.WriteAsync(marker, ct).ConfigureAwait(false);
            if (!plus)
            {
                // RFC 3501 section 7.5: wait for "+" before sending a synchronizing literal.
                await connection.FlushAsync(ct).ConfigureAwait(false);
                var refused = await WaitForContinuationAsync(commandTag, onUntagged, ct).ConfigureAwait(false);
                if (refused is not null)
                {
                    return refused;
                }
            }

            if (part.Bytes is not null)
            {
                if (part.LogText is null)
                {
                    await connection.WriteAsync(part.Bytes, ct).ConfigureAwait(false);
                }
                else
                {
                    await connection.WriteAsync(part.Bytes, ct, part.LogText).ConfigureAwait(false);
                }
            }
            else
            {
                await CopyLiteralAsync(part.Stream!, part.StreamLength, ct).ConfigureAwait(false);
                connection.LogClientNote(part.LogText ?? "");
            }
        }

        await connection.WriteAsync("\r\n", ct).ConfigureAwait(false);
        await connection.FlushAsync(ct).ConfigureAwait(false);
        return await ReadUntilTaggedAsync(commandTag, command.Name, onUntagged, onContinuation, ct).ConfigureAwait(false);
    }

    /// <summary>Reads until the tagged completion of <paramref name="commandTag"/>.</summary>
    public async Task<ImapResponse> ReadUntilTaggedAsync(
        string commandTag, string commandName, Func<ImapResponse, bool>? onUntagged, Func<string, string>? onContinuation, CancellationToken ct)
    {
        while (true)
        {
            var response = await parser.ReadResponseAsync(ct).ConfigureAwait(false);
            switch (response.Kind)
            {
                case ImapResponseKind.Tagged:
                    if (!string.Equals(response.Tag, commandTag, StringComparison.Ordinal))
                    {
                        throw new MailProtocolException($"The IMAP server completed tag '{response.Tag}' while '{commandTag}' ({commandName}) was running.");
                    }

                    HandleCode(response);
                    return response;
                case ImapResponseKind.Continuation:
                    if (onContinuation is null)
                    {
                        throw new MailProtocolException($"The IMAP server asked for a continuation of {commandName}, which sends none.");
                    }

                    var answer = onContinuation(response.Text);
                    await connection.WriteAsync(answer + "\r\n", ct, answer.Length == 0 || answer == "*" ? null : "********\r\n").ConfigureAwait(false);
                    await connection.FlushAsync(ct).ConfigureAwait(false);
                    break;
                default:
                    Dispatch(response, onUntagged);
                    break;
            }
        }
    }

    /// <summary>Applies an untagged response to the engine state, then hands it to the command's handler.</summary>
    public void Dispatch(ImapResponse response, Func<ImapResponse, bool>? onUntagged)
    {
        HandleUntagged(response);
        if (onUntagged is null || !onUntagged(response))
        {
            response.DisposeLiterals();
        }
    }

    public static ImapCommandException Failure(string command, ImapResponse tagged) =>
        new(command, tagged.Status ?? ImapStatus.Bad, tagged.Code, tagged.Text);

    public void HandleUntagged(ImapResponse r)
    {
        if (r.Status is { } status)
        {
            if (status == ImapStatus.Bye)
            {
                ByeText = r.Text;
            }

            HandleCode(r);
            return;
        }

        var mailbox = Selected;
        switch (r.Name)
        {
            case "CAPABILITY":
                Capabilities = new ImapCapabilities(r.Values.Select(static v => v.AsString() ?? ""));
                break;
            case "EXISTS" when mailbox is not null && r.Number is { } exists:
                mailbox.Count = exists;
                break;
            case "RECENT" when mailbox is not null && r.Number is { } recent:
                mailbox.Recent = recent;
                break;
            case "EXPUNGE" when mailbox is not null && mailbox.Count > 0:
                mailbox.Count--;
                break;
            case "FLAGS" when mailbox is not null && r.Values is [{ Items: { } flags }, ..]:
                mailbox.Flags = flags.Select(static f => f.AsString() ?? "").ToArray();
                break;
            default:
                break;
        }
    }

    private void HandleCode(ImapResponse r)
    {
        if (r.Code is null)
        {
            return;
        }

        var mailbox = Selected;
        var arg = r.CodeArgs.Count > 0 ? r.CodeArgs[0] : null;
        switch (r.Code)
        {
            case "CAPABILITY":
                Capabilities = new ImapCapabilities(r.CodeArgs.Select(static v => v.AsString() ?? ""));
                break;
            case "UIDVALIDITY" when mailbox is not null && arg is not null && arg.TryGetNumber(out var validity):
                mailbox.UidValidity = validity;
                break;
            case "UIDNEXT" when mailbox is not null && arg is not null && arg.TryGetNumber(out var next):
                mailbox.UidNext = next;
                break;
            case "UNSEEN" when mailbox is not null && arg is not null && arg.TryGetNumber(out var unseen):
                mailbox.FirstUnseen = unseen;
                break;
            case "HIGHESTMODSEQ" when mailbox is not null && arg is not null && arg.TryGetNumber64(out var modseq):
                mailbox.HighestModSeq = modseq;
                break;
            case "PERMANENTFLAGS" when mailbox is not null && arg is { Items: { } flags }:
                mailbox.PermanentFlags = flags.Select(static f => f.AsString() ?? "").ToArray();
                break;
            case "READ-ONLY" when mailbox is not null:
                mailbox.IsReadOnly = true;
                break;
            case "READ-WRITE" when mailbox is not null:
                mailbox.IsReadOnly = false;
                break;
            default:
                break;
        }
    }

    private async Task<ImapResponse?> WaitForContinuationAsync(string commandTag, Func<ImapResponse, bool>? onUntagged, CancellationToken ct)
    {
        while (true)
        {
            var response = await parser.ReadResponseAsync(ct).ConfigureAwait(false);
            switch (response.Kind)
            {
                case ImapResponseKind.Continuation:
                    return null;
                case ImapResponseKind.Tagged when string.Equals(response.Tag, commandTag, StringComparison.Ordinal):
                    // The server refused the literal (e.g. APPEND too large): the command is over.
                    HandleCode(response);
                    return response;
                case ImapResponseKind.Tagged:
                    throw new MailProtocolException($"The IMAP server completed unknown tag '{response.Tag}'.");
                default:
                    Dispatch(response, onUntagged);
                    break;
            }
        }
    }

    private async Task CopyLiteralAsync(Stream source, long length, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        var remaining = length;
        while (remaining > 0)
        {
            var n = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), ct).ConfigureAwait(false);
            if (n <= 0)
            {
                throw new InvalidOperationException($"The literal stream ended {remaining} octets before its declared length.");
            }

            await connection.WriteUnloggedAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
            remaining -= n;
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
