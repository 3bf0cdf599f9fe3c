using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using ForecastWatch.Mail.Net;

namespace ForecastWatch.Mail.Imap;

public sealed partial class ImapClient
{
    // Keeps each command line well under common server limits (Dovecot: 64 KiB) however scattered the UIDs are.
    private const int FetchBatchSize = 1000;

    /// <summary>
    /// UID FETCH in the selected mailbox. Messages the server no longer has are simply absent. Dispose the messages
    /// when done: bodies above <see cref="ImapClientOptions.MemoryLiteralLimit"/> live in temporary files.
    /// </summary>
    public async Task<IReadOnlyList<ImapMessage>> FetchAsync(IEnumerable<uint> uids, ImapFetchItems items, CancellationToken ct = default)
    {
        var all = new List<ImapMessage>();
        try
        {
            await foreach (var m in FetchStreamAsync(uids, items, ct).ConfigureAwait(false))
            {
                all.Add(m);
            }
        }
        catch
        {
            foreach (var m in all)
            {
                m.Dispose();
            }

            throw;
        }

        return all;
    }

    /// <summary>
    /// UID FETCH that yields each message as soon as the server has sent it, so memory stays bounded by one message
    /// however many are fetched. The connection is busy until the enumeration ends: issue no other command on this
    /// client meanwhile. Stopping early reads and discards the rest of the server's answer.
    /// </summary>
    public async IAsyncEnumerable<ImapMessage> FetchStreamAsync(IEnumerable<uint> uids, ImapFetchItems items, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(uids);
        var e = CheckSelected();
        var sorted = uids.Where(static u => u > 0).Distinct().Order().ToArray();
        for (var i = 0; i < sorted.Length; i += FetchBatchSize)
        {
            var batch = sorted.AsSpan(i, Math.Min(FetchBatchSize, sorted.Length - i)).ToArray();
            var wanted = new HashSet<uint>(batch);
            var byUid = new Dictionary<uint, ImapMessage>();
            var pending = new List<ImapMessage>();
            var cmd = new ImapCommandBuilder("UID FETCH").Space().Append(ImapUidSet.Format(batch)).Space().Append(FetchItemsText(items));
            var tag = await GuardAsync(e, (c) => e.SendAsync(cmd, c), ct).ConfigureAwait(false);
            var completed = false;
            Func<ImapResponse, bool> collect = resp => CollectFetch(resp, wanted, byUid, pending);
            var timeout = e.Connection.CreateTimeout(ct);
            try
            {
                while (!completed)
                {
                    var r = await ReadFetchResponseAsync(e, tag, timeout, ct).ConfigureAwait(false);
                    if (r.Kind == ImapResponseKind.Tagged)
                    {
                        completed = true;
                        if (r.Status != ImapStatus.Ok)
                        {
                            throw ImapEngine.Failure(cmd.Name, r);
                        }

                        break;
                    }

                    if (r.Kind == ImapResponseKind.Continuation)
                    {
                        await CloseAsync().ConfigureAwait(false);
                        throw new MailProtocolException("The IMAP server asked for a continuation of UID FETCH.");
                    }

                    e.Dispatch(r, collect);
                    for (var k = 0; k < pending.Count; k++)
                    {
                        if (IsComplete(pending[k], items))
                        {
                            var ready = pending[k];
                            pending.RemoveAt(k--);
                            wanted.Remove(ready.Uid);
                            yield return ready;
                        }
                    }
                }

                // Messages the server sent without every requested item (it may omit what it cannot produce).
                while (pending.Count > 0)
                {
                    var rest = pending[0];
                    pending.RemoveAt(0);
                    yield return rest;
                }
            }
            finally
            {
                timeout.Dispose();
                foreach (var m in pending)
                {
                    m.Dispose();
                }

                if (!completed && engine == e && e.Connection.IsConnected)
                {
                    await DrainAsync(e, tag).ConfigureAwait(false);
                }
            }
        }
    }

    private static bool IsComplete(ImapMessage m, ImapFetchItems items) =>
        (!items.HasFlag(ImapFetchItems.Flags) || m.Flags is not null) &&
        (!items.HasFlag(ImapFetchItems.Size) || m.Size is not null) &&
        (!items.HasFlag(ImapFetchItems.InternalDate) || m.InternalDate is not null) &&
        (!items.HasFlag(ImapFetchItems.Envelope) || m.Envelope is not null) &&
        (!items.HasFlag(ImapFetchItems.Body) || m.Body is not null) &&
        (!items.HasFlag(ImapFetchItems.Headers) || m.Headers is not null);

    /// <summary>The consumer stopped early: read the rest of the answer so the connection stays in step.</summary>
    private async Task DrainAsync(ImapEngine e, string tag)
    {
        try
        {
            while (true)
            {
                var r = await GuardAsync(e, c => ReadCheckedAsync(e, tag, c), CancellationToken.None).ConfigureAwait(false);
                if (r.Kind == ImapResponseKind.Tagged)
                {
                    return;
                }

                e.Dispatch(r, null);
            }
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or MailProtocolException or ObjectDisposedException)
        {
            // GuardAsync has closed the connection; nothing more to drain.
        }
    }

    /// <summary>
    /// One response of a FETCH answer. The command timeout restarts for each response, so a long answer is bounded
    /// per step rather than in total, as before; one timer now serves the whole batch instead of one per response.
    /// </summary>
    private async ValueTask<ImapResponse> ReadFetchResponseAsync(ImapEngine e, string tag, MailTimeout timeout, CancellationToken ct)
    {
        if (engine != e)
        {
            throw new InvalidOperationException("The IMAP client was disconnected.");
        }

        timeout.Restart();
        try
        {
            var r = await e.ReadResponseAsync(timeout.Token).ConfigureAwait(false);

            // The consumer's time with a yielded message is not the server's: the clock runs only while reading.
            timeout.Stop();
            if (r.Kind == ImapResponseKind.Tagged)
            {
                e.CompleteTagged(r, tag, "UID FETCH");
            }

            return r;
        }
        catch (Exception ex) when (LeavesConnectionUnknown(ex))
        {
            if (await FailConnectionAsync(e, ex, ct).ConfigureAwait(false) is { } replacement)
            {
                throw replacement;
            }

            throw;
        }
    }

    private static async Task<ImapResponse> ReadCheckedAsync(ImapEngine e, string tag, CancellationToken ct)
    {
        var r = await e.ReadResponseAsync(ct).ConfigureAwait(false);
        if (r.Kind == ImapResponseKind.Tagged)
        {
            e.CompleteTagged(r, tag, "UID FETCH");
        }

        return r;
    }

    /// <summary>One step of a multi-step operation under the command timeout, closing the connection on failure.</summary>
    private Task<T> GuardAsync<T>(ImapEngine e, Func<CancellationToken, Task<T>> step, CancellationToken ct) =>
        engine == e ? RunAsync((_, c) => step(c), ct) : throw new InvalidOperationException("The IMAP client was disconnected.");

    internal static string FetchItemsText(ImapFetchItems items)
    {
        var sb = new StringBuilder("(UID");
        if (items.HasFlag(ImapFetchItems.Flags))
        {
            sb.Append(" FLAGS");
        }

        if (items.HasFlag(ImapFetchItems.Size))
        {
            sb.Append(" RFC822.SIZE");
        }

        if (items.HasFlag(ImapFetchItems.InternalDate))
        {
            sb.Append(" INTERNALDATE");
        }

        if (items.HasFlag(ImapFetchItems.Envelope))
        {
            sb.Append(" ENVELOPE");
        }

        if (items.HasFlag(ImapFetchItems.Headers))
        {
            sb.Append(" BODY.PEEK[HEADER]");
        }

        if (items.HasFlag(ImapFetchItems.Body))
        {
            sb.Append(" BODY.PEEK[]");
        }

        return sb.Append(')').ToString();
    }

    /// <summary>Merges one FETCH response into the message it describes; returns true when a literal was kept.</summary>
    internal static bool CollectFetch(ImapResponse r, HashSet<uint>? wanted, Dictionary<uint, ImapMessage> byUid, List<ImapMessage> order)
    {
        if (r.Name != "FETCH" || r.Number is not { } seq || r.Values is not [{ Items: { } pairs }, ..])
        {
            return false;
        }

        uint? uid = null;
        for (var i = 0; i + 1 < pairs.Count; i += 2)
        {
            if (pairs[i].IsAtom("UID") && pairs[i + 1].TryGetNumber(out var u))
            {
                uid = u;
            }
        }

        // Unsolicited FETCH (flag changes of other messages) carries no UID or one we did not ask for.
        if (uid is not { } id || (wanted is not null && !wanted.Contains(id)))
        {
            return false;
        }

        if (!byUid.TryGetValue(id, out var message))
        {
            message = new ImapMessage(seq, id);
            byUid[id] = message;
            order.Add(message);
        }

        var kept = false;
        for (var i = 0; i + 1 < pairs.Count; i += 2)
        {
            var key = pairs[i].Kind == ImapValueKind.Atom ? pairs[i].Text!.ToUpperInvariant() : "";
            var value = pairs[i + 1];
            switch (key)
            {
                case "FLAGS" when value.Items is { } flags:
                    message.Flags = flags.Select(static f => f.AsString() ?? "").ToArray();
                    break;
                case "RFC822.SIZE" when value.TryGetNumber64(out var size):
                    message.Size = (long)size;
                    break;
                case "INTERNALDATE":
                    message.InternalDate = ParseInternalDate(value.AsString());
                    break;
                case "ENVELOPE" when value.Items is { } envelope:
                    message.Envelope = ParseEnvelope(envelope);
                    break;
                case "BODY[]" or "BODY[]<0>" or "RFC822" when value.Literal is { } body:
                    message.Body?.Dispose();
                    message.Body = body;
                    kept = true;
                    break;
                case "BODY[]" or "RFC822" when value.Kind == ImapValueKind.String:
                    message.Body = new ImapLiteral(Encoding.UTF8.GetBytes(value.Text!));
                    break;
                case "BODY[HEADER]" or "RFC822.HEADER" when value.Literal is { } header:
                    message.Headers?.Dispose();
                    message.Headers = header;
                    kept = true;
                    break;
                case "BODY[HEADER]" or "RFC822.HEADER" when value.Kind == ImapValueKind.String:
                    message.Headers = new ImapLiteral(Encoding.UTF8.GetBytes(value.Text!));
                    break;
                default:
                    value.DisposeLiterals();
                    break;
            }
        }

        return kept;
    }

    /// <summary>date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE (RFC 3501 section 9).</summary>
    internal static DateTimeOffset? ParseInternalDate(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (TryParseFixedInternalDate(text, out var fixedForm))
        {
            return fixedForm;
        }

        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || parts[2].Length != 5 || parts[2][0] is not ('+' or '-') ||
            !DateTime.TryParseExact(parts[0] + " " + parts[1], "d-MMM-yyyy HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) ||
            !int.TryParse(parts[2].AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hh) ||
            !int.TryParse(parts[2].AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var mm) || hh > 14 || mm > 59)
        {
            return null;
        }

        var offset = new TimeSpan(hh, mm, 0);
        return new DateTimeOffset(local, parts[2][0] == '-' ? -offset : offset);
    }

    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>
    /// The form every server sends, "dd-Mon-yyyy hh:mm:ss +zzzz" at fixed positions (day possibly space-padded),
    /// read without splitting or a format parser, since there is one per fetched message; anything else is left to
    /// the general parser.
    /// </summary>
    private static bool TryParseFixedInternalDate(string t, out DateTimeOffset value)
    {
        value = default;
        if (t.Length != 26 || t[2] != '-' || t[6] != '-' || t[11] != ' ' || t[14] != ':' || t[17] != ':' || t[20] != ' ' || t[21] is not ('+' or '-'))
        {
            return false;
        }

        var month = Array.FindIndex(Months, m => t.AsSpan(3, 3).Equals(m, StringComparison.OrdinalIgnoreCase)) + 1;
        if (month == 0 || !(t[0] == ' ' ? Digits(t, 1, 1, out var day) : Digits(t, 0, 2, out day)) || !Digits(t, 7, 4, out var year) ||
            !Digits(t, 12, 2, out var hour) || !Digits(t, 15, 2, out var minute) || !Digits(t, 18, 2, out var second) ||
            !Digits(t, 22, 2, out var zh) || !Digits(t, 24, 2, out var zm) ||
            year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59 || zh > 14 || zm > 59)
        {
            return false;
        }

        var offset = new TimeSpan(zh, zm, 0);
        value = new DateTimeOffset(year, month, day, hour, minute, second, t[21] == '-' ? -offset : offset);
        return true;

        static bool Digits(string s, int start, int count, out int n)
        {
            n = 0;
            foreach (var c in s.AsSpan(start, count))
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }

                n = (n * 10) + (c - '0');
            }

            return true;
        }
    }

    internal static ImapEnvelope? ParseEnvelope(List<ImapValue> v)
    {
        if (v.Count < 10)
        {
            return null;
        }

        return new ImapEnvelope(
            v[0].AsString(), v[1].AsString(), Addresses(v[2]), Addresses(v[3]), Addresses(v[4]),
            Addresses(v[5]), Addresses(v[6]), Addresses(v[7]), v[8].AsString(), v[9].AsString());
    }

    private static ImapAddress[] Addresses(ImapValue value)
    {
        if (value.Items is not { } list)
        {
            return [];
        }

        var result = new List<ImapAddress>(list.Count);
        foreach (var item in list)
        {
            // (name adl mailbox host); a NIL host marks the start or end of a group (RFC 3501 section 7.4.2).
            if (item.Items is { Count: >= 4 } a && !a[3].IsNil)
            {
                result.Add(new ImapAddress(a[0].AsString(), a[2].AsString(), a[3].AsString()));
            }
        }

        return [.. result];
    }
}
