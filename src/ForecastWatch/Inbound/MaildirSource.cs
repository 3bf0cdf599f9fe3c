namespace ForecastWatch.Inbound;

/// <summary>
/// A Maildir (<c>DATA/inbox/</c> by default) as an inbound source. Waiting messages are the files in <c>new/</c>
/// and any in <c>cur/</c> without the Seen flag; a dealt-with message moves to <c>cur/</c> with <c>:2,S</c>
/// (processed) or <c>:2,FS</c> (rejected: flagged for a person's attention), per the Maildir info semantics.
/// </summary>
internal sealed class MaildirSource : IInboundSource
{
    private readonly string _root;

    public MaildirSource(string root)
    {
        _root = Path.GetFullPath(root);
        foreach (var sub in (string[])["new", "cur", "tmp"])
        {
            Directory.CreateDirectory(Path.Combine(_root, sub));
        }
    }

    public string Name => "maildir";

    public Task<IReadOnlyList<InboundItem>> ListAsync(CancellationToken cancellationToken)
    {
        var items = new List<InboundItem>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_root, "new")).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (!name.StartsWith('.'))
            {
                items.Add(new InboundItem(Name, "new/" + name));
            }
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(_root, "cur")).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (!name.StartsWith('.') && !Flags(name).Contains('S', StringComparison.Ordinal))
            {
                items.Add(new InboundItem(Name, "cur/" + name));
            }
        }

        return Task.FromResult<IReadOnlyList<InboundItem>>(items);
    }

    public async Task CopyToAsync(InboundItem item, Stream destination, CancellationToken cancellationToken)
    {
        var stream = new FileStream(PathOf(item), FileMode.Open, FileAccess.Read, FileShare.Read, 81920,
            FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            await stream.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task CompleteAsync(InboundItem item, InboundDisposition disposition, CancellationToken cancellationToken)
    {
        var from = PathOf(item);
        if (!File.Exists(from))
        {
            return Task.CompletedTask;
        }

        var name = Path.GetFileName(from);
        var colon = name.IndexOf(":2,", StringComparison.Ordinal);
        var unique = colon < 0 ? name : name[..colon];
        var flags = new SortedSet<char>(Flags(name)) { 'S' };
        if (disposition == InboundDisposition.Rejected)
        {
            flags.Add('F');
        }

        // Maildir flags are ASCII letters in ASCII order after ":2,".
        var target = Path.Combine(_root, "cur", $"{unique}:2,{string.Concat(flags)}");
        File.Move(from, target, overwrite: true);
        return Task.CompletedTask;
    }

    public Task WaitForMailAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        Task.Delay(timeout, timeProvider, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Delivers raw bytes the Maildir way: write into tmp/, then rename into new/ (atomic).</summary>
    public static async Task<string> DeliverAsync(string root, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(root);
        foreach (var sub in (string[])["new", "cur", "tmp"])
        {
            Directory.CreateDirectory(Path.Combine(full, sub));
        }

        var unique = $"{Environment.TickCount64}.{Guid.NewGuid():N}.forecastwatch";
        var tmp = Path.Combine(full, "tmp", unique);
        await File.WriteAllBytesAsync(tmp, raw.ToArray(), cancellationToken).ConfigureAwait(false);
        var target = Path.Combine(full, "new", unique);
        File.Move(tmp, target);
        return target;
    }

    private string PathOf(InboundItem item)
    {
        var full = Path.GetFullPath(Path.Combine(_root, item.Reference));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"'{item.Reference}' is outside the Maildir.");
        }

        return full;
    }

    private static string Flags(string name)
    {
        var colon = name.IndexOf(":2,", StringComparison.Ordinal);
        return colon < 0 ? string.Empty : name[(colon + 3)..];
    }
}
