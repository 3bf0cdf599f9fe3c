namespace ForecastWatch.Mail.Imap;

public sealed partial class ImapClient
{
    /// <summary>LIST "" <paramref name="pattern"/>: folders matching a pattern (<c>*</c> all, <c>%</c> one level).</summary>
    public Task<IReadOnlyList<ImapFolder>> ListAsync(string pattern = "*", CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        CheckAuthenticated();
        return RunAsync(
            async (e, c) =>
            {
                var folders = new List<ImapFolder>();
                var cmd = new ImapCommandBuilder("LIST").Append(" \"\" ").String(ImapUtf7.Encode(pattern));
                await CommandAsync(e, cmd, r => TryAddFolder(r, folders), c).ConfigureAwait(false);
                return (IReadOnlyList<ImapFolder>)folders;
            },
            ct);
    }

    /// <summary>CREATE: makes a folder (name encoded to modified UTF-7). Fails with [ALREADYEXISTS] if it exists.</summary>
    public Task CreateFolderAsync(string name, CancellationToken ct = default) => SimpleMailboxCommandAsync("CREATE", name, ct);

    /// <summary>DELETE: removes a folder and its messages.</summary>
    public Task DeleteFolderAsync(string name, CancellationToken ct = default) => SimpleMailboxCommandAsync("DELETE", name, ct);

    /// <summary>SELECT: opens a folder read-write. Check <see cref="ImapMailbox.UidValidity"/> against any UIDs you stored.</summary>
    public Task<ImapMailbox> SelectAsync(string name, CancellationToken ct = default) => OpenAsync("SELECT", name, ct);

    /// <summary>EXAMINE: opens a folder read-only (fetching never sets \Seen).</summary>
    public Task<ImapMailbox> ExamineAsync(string name, CancellationToken ct = default) => OpenAsync("EXAMINE", name, ct);

    private Task<ImapMailbox> OpenAsync(string command, string name, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        CheckAuthenticated();
        return RunAsync(
            async (e, c) =>
            {
                // Untagged responses of SELECT describe the new mailbox (RFC 3501 section 6.3.1).
                var mailbox = new ImapMailbox(name) { IsReadOnly = command == "EXAMINE" };
                e.Selected = mailbox;
                try
                {
                    await CommandAsync(e, new ImapCommandBuilder(command).Space().String(ImapUtf7.Encode(name)), null, c).ConfigureAwait(false);
                }
                catch (ImapCommandException)
                {
                    // A failed SELECT leaves no mailbox selected.
                    e.Selected = null;
                    throw;
                }

                return mailbox;
            },
            ct);
    }

    private Task SimpleMailboxCommandAsync(string command, string name, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        CheckAuthenticated();
        return RunAsync(
            async (e, c) => await CommandAsync(e, new ImapCommandBuilder(command).Space().String(ImapUtf7.Encode(name)), null, c).ConfigureAwait(false),
            ct);
    }

    private static bool TryAddFolder(ImapResponse r, List<ImapFolder> folders)
    {
        // * LIST (attributes) delimiter name
        if (r.Name != "LIST" || r.Values.Count < 3 || r.Values[0].Items is not { } attributes)
        {
            return false;
        }

        var encoded = r.Values[2].AsString();
        if (encoded is null)
        {
            return false;
        }

        var delimiter = r.Values[1].AsString() is { Length: > 0 } d ? d[0] : (char?)null;
        folders.Add(new ImapFolder(ImapUtf7.Decode(encoded), encoded, delimiter, attributes.Select(static a => a.AsString() ?? "").ToArray()));
        return false;
    }
}
