using System.Globalization;
using System.Text;
using ForecastWatch.Hosting;
using ForecastWatch.Storage;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing;

/// <summary>
/// The embedded default: each message becomes <c>DATA/outbox/&lt;message-id&gt;.eml</c>, written to a temporary file
/// in the same directory and renamed, so a reader never sees half a message. The name comes from the Message-ID, so a
/// resend after a crash replaces the file instead of adding a second one.
/// </summary>
internal sealed class DirectoryMailTransport : IMailTransport
{
    private readonly string _directory;
    private int _cleaned;

    public DirectoryMailTransport(IOptions<MailingOptions> mailing, IOptions<ForecastWatchOptions> app)
    {
        ArgumentNullException.ThrowIfNull(mailing);
        ArgumentNullException.ThrowIfNull(app);
        _directory = Path.GetFullPath(Path.Combine(app.Value.DataDirectory, mailing.Value.OutboxDirectory));
    }

    public string Name => MailTransports.Directory;

    public string Directory => _directory;

    public async Task<int?> SendAsync(OutboxEntry entry, ReadOnlyMemory<byte> raw, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        System.IO.Directory.CreateDirectory(_directory);
        if (Interlocked.Exchange(ref _cleaned, 1) == 0)
        {
            RemoveOrphanedTempFiles();
        }

        var final = Path.Combine(_directory, FileNameFor(entry.MessageId));
        var temp = Path.Combine(_directory,
            string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(final)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp"));
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16384, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(raw, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, final, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        return null;
    }

    /// <summary>
    /// A process killed between writing and renaming leaves its temporary file behind; the message itself is still
    /// queued and will be written again. Temp files of processes that are no longer running are removed.
    /// </summary>
    private void RemoveOrphanedTempFiles()
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(_directory, ".*.tmp"))
        {
            var parts = Path.GetFileName(file).Split('.');
            if (parts.Length >= 4 && int.TryParse(parts[^3], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && !IsRunning(pid))
            {
                File.Delete(file);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A file name from a Message-ID: characters outside [A-Za-z0-9._@+-] become '_' (ids are ASCII by RFC 5322).</summary>
    public static string FileNameFor(string messageId)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        var sb = new StringBuilder(messageId.Length + 4);
        foreach (var c in messageId.Trim().Trim('<', '>'))
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '+' or '-' ? c : '_');
        }

        if (sb.Length == 0 || sb[0] == '.')
        {
            sb.Insert(0, '_');
        }

        return sb.Append(".eml").ToString();
    }
}
