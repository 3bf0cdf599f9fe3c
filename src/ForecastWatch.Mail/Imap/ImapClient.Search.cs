namespace ForecastWatch.Mail.Imap;

public sealed partial class ImapClient
{
    /// <summary>UID SEARCH in the selected mailbox; returns the matching UIDs in ascending order.</summary>
    public Task<IReadOnlyList<uint>> SearchAsync(ImapSearchQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckSelected();
        return RunAsync(
            async (e, c) =>
            {
                var uids = new List<uint>();
                var cmd = new ImapCommandBuilder("UID SEARCH").Space();
                if (query.NeedsUtf8)
                {
                    cmd.Append("CHARSET UTF-8 ");
                }

                query.Write(cmd);
                await CommandAsync(
                    e,
                    cmd,
                    r =>
                    {
                        if (r.Name == "SEARCH")
                        {
                            foreach (var v in r.Values)
                            {
                                if (v.TryGetNumber(out var uid))
                                {
                                    uids.Add(uid);
                                }
                            }
                        }

                        return false;
                    },
                    c).ConfigureAwait(false);
                uids.Sort();
                return (IReadOnlyList<uint>)uids;
            },
            ct);
    }
}
