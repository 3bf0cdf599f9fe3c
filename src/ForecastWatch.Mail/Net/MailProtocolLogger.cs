using System.Text;

namespace ForecastWatch.Mail.Net;

/// <summary>Writes a transcript (<c>C: </c> / <c>S: </c> lines) to a <see cref="TextWriter"/>.</summary>
public sealed class MailProtocolLogger(TextWriter writer, int maxBytesPerChunk = 4096) : IMailProtocolLogger
{
    private readonly Lock gate = new();
    private bool clientAtLineStart = true;
    private bool serverAtLineStart = true;

    /// <inheritdoc/>
    public void LogConnect(string host, int port, MailTlsMode tlsMode)
    {
        lock (gate)
        {
            writer.Write($"Connected to {host}:{port} ({tlsMode})\n");
            writer.Flush();
        }
    }

    /// <inheritdoc/>
    public void LogClient(ReadOnlySpan<byte> data) => Write("C: ", data, ref clientAtLineStart);

    /// <inheritdoc/>
    public void LogServer(ReadOnlySpan<byte> data) => Write("S: ", data, ref serverAtLineStart);

    private void Write(string prefix, ReadOnlySpan<byte> data, ref bool atLineStart)
    {
        lock (gate)
        {
            WriteLocked(prefix, data, ref atLineStart);
        }
    }

    private void WriteLocked(string prefix, ReadOnlySpan<byte> data, ref bool atLineStart)
    {
        var truncated = data.Length > maxBytesPerChunk;
        var text = Encoding.UTF8.GetString(truncated ? data[..maxBytesPerChunk] : data);
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (atLineStart)
            {
                sb.Append(prefix);
                atLineStart = false;
            }

            if (c == '\n')
            {
                sb.Append('\n');
                atLineStart = true;
            }
            else if (c != '\r')
            {
                sb.Append(c);
            }
        }

        if (truncated)
        {
            sb.Append($"... ({data.Length - maxBytesPerChunk} more bytes)\n");
            atLineStart = true;
        }

        writer.Write(sb.ToString());
        writer.Flush();
    }
}
