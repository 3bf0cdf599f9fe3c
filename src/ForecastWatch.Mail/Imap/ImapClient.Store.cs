using System.Globalization;
using System.Text;

namespace ForecastWatch.Mail.Imap;

public sealed partial class ImapClient
{
    /// <summary>UID STORE (silent): adds, removes or replaces flags such as <c>\Seen</c> or keywords such as <c>$Processed</c>.</summary>
    public Task StoreFlagsAsync(IEnumerable<uint> uids, ImapStoreMode mode, IEnumerable<string> flags, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(uids);
        ArgumentNullException.ThrowIfNull(flags);
        var set = ImapUidSet.Format(uids);
        var list = FormatFlags(flags);
        CheckSelected();
        var op = mode switch
        {
            ImapStoreMode.Add => "+FLAGS.SILENT",
            ImapStoreMode.Remove => "-FLAGS.SILENT",
            _ => "FLAGS.SILENT",
        };
        return RunAsync(
            async (e, c) => await CommandAsync(e, new ImapCommandBuilder("UID STORE").Append($" {set} {op} {list}"), null, c).ConfigureAwait(false),
            ct);
    }

    /// <summary>
    /// Moves messages to another folder: UID MOVE (RFC 6851) when offered, otherwise UID COPY, STORE \Deleted and
    /// UID EXPUNGE (RFC 4315). Without UIDPLUS the originals are left marked \Deleted, because a plain EXPUNGE
    /// would also remove other messages marked for deletion. Returns the UID mapping when the server reports it.
    /// </summary>
    public Task<ImapCopyResult?> MoveAsync(IEnumerable<uint> uids, string destination, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(uids);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        var set = ImapUidSet.Format(uids);
        var e0 = CheckSelected();
        var useMove = e0.Capabilities.Has(ImapCapability.Move);
        return RunAsync(
            async (e, c) =>
            {
                ImapCopyResult? copy = null;
                bool OnUntagged(ImapResponse r)
                {
                    // RFC 6851 section 4.3: COPYUID comes in an untagged OK before the EXPUNGEs.
                    copy ??= ParseCopyUid(r);
                    return false;
                }

                var name = useMove ? "UID MOVE" : "UID COPY";
                var done = await CommandAsync(e, new ImapCommandBuilder(name).Append($" {set} ").String(ImapUtf7.Encode(destination)), OnUntagged, c).ConfigureAwait(false);
                copy ??= ParseCopyUid(done);
                if (!useMove)
                {
                    await CommandAsync(e, new ImapCommandBuilder("UID STORE").Append($" {set} +FLAGS.SILENT (\\Deleted)"), null, c).ConfigureAwait(false);
                    if (e.Capabilities.Has(ImapCapability.UidPlus))
                    {
                        await CommandAsync(e, new ImapCommandBuilder("UID EXPUNGE").Append($" {set}"), null, c).ConfigureAwait(false);
                    }
                }

                return copy;
            },
            ct);
    }

    /// <summary>UID EXPUNGE (RFC 4315): permanently removes these messages if they are marked \Deleted.</summary>
    public Task ExpungeAsync(IEnumerable<uint> uids, CancellationToken ct = default)
    {
        var set = ImapUidSet.Format(uids);
        var e0 = CheckSelected();
        if (!e0.Capabilities.Has(ImapCapability.UidPlus))
        {
            throw new NotSupportedException("The server does not offer UIDPLUS (UID EXPUNGE).");
        }

        return RunAsync(async (e, c) => await CommandAsync(e, new ImapCommandBuilder("UID EXPUNGE").Append($" {set}"), null, c).ConfigureAwait(false), ct);
    }

    /// <summary>APPEND: stores a message in a folder; returns its UID when the server reports APPENDUID (RFC 4315).</summary>
    public Task<uint?> AppendAsync(string folder, Stream message, IEnumerable<string>? flags = null, DateTimeOffset? internalDate = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(message);
        if (!message.CanSeek)
        {
            throw new ArgumentException("APPEND needs the length up front: pass a seekable stream.", nameof(message));
        }

        var flagList = flags is null ? null : FormatFlags(flags);
        CheckAuthenticated();
        return RunAsync(
            async (e, c) =>
            {
                var cmd = new ImapCommandBuilder("APPEND").Space().String(ImapUtf7.Encode(folder));
                if (flagList is not null)
                {
                    cmd.Space().Append(flagList);
                }

                if (internalDate is { } date)
                {
                    cmd.Space().Append("\"" + FormatInternalDate(date) + "\"");
                }

                cmd.Space().Literal(message, message.Length - message.Position);
                var done = await CommandAsync(e, cmd, null, c).ConfigureAwait(false);
                return done.Code == "APPENDUID" && done.CodeArgs.Count >= 2 && done.CodeArgs[1].TryGetNumber(out var uid) ? uid : (uint?)null;
            },
            ct);
    }

    /// <summary>APPEND from memory.</summary>
    public async Task<uint?> AppendAsync(string folder, ReadOnlyMemory<byte> message, IEnumerable<string>? flags = null, CancellationToken ct = default)
    {
        using var stream = new MemoryStream(message.ToArray(), writable: false);
        return await AppendAsync(folder, stream, flags, null, ct).ConfigureAwait(false);
    }

    internal static ImapCopyResult? ParseCopyUid(ImapResponse r)
    {
        // [COPYUID uidvalidity source-set dest-set]
        if (r.Code != "COPYUID" || r.CodeArgs.Count < 3 || !r.CodeArgs[0].TryGetNumber(out var validity) ||
            !ImapUidSet.TryParse(r.CodeArgs[1].AsString(), out var source) || !ImapUidSet.TryParse(r.CodeArgs[2].AsString(), out var dest) ||
            source.Count != dest.Count)
        {
            return null;
        }

        var map = new Dictionary<uint, uint>(source.Count);
        for (var i = 0; i < source.Count; i++)
        {
            map[source[i]] = dest[i];
        }

        return new ImapCopyResult(validity, map);
    }

    private static string FormatFlags(IEnumerable<string> flags)
    {
        var sb = new StringBuilder("(");
        foreach (var flag in flags)
        {
            var body = flag.StartsWith('\\') ? flag.AsSpan(1) : flag.AsSpan();
            if (body.IsEmpty || body.ContainsAny("(){ %*\"\\]\r\n") || body.ContainsAnyInRange('\u007f', '\uffff') || body.ContainsAnyInRange('\0', '\u001f'))
            {
                throw new ArgumentException($"'{flag}' is not a valid IMAP flag.", nameof(flags));
            }

            if (sb.Length > 1)
            {
                sb.Append(' ');
            }

            sb.Append(flag);
        }

        return sb.Append(')').ToString();
    }

    private static string FormatInternalDate(DateTimeOffset date)
    {
        var offset = date.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return date.ToString("dd-MMM-yyyy HH:mm:ss ", CultureInfo.InvariantCulture) +
               string.Create(CultureInfo.InvariantCulture, $"{sign}{offset.Hours:00}{offset.Minutes:00}");
    }
}
