using System.Text;

namespace ForecastWatch.Mail.Tests.Net;

/// <summary>
/// A duplex stream that replays a transcript: "S: " lines are served to the client in reads of at most
/// <c>chunkSize</c> bytes, and "C: " lines are what the client must have written before the next server data.
/// A mismatch fails the read (and so the test) with both texts.
/// </summary>
internal sealed class ScriptedStream : Stream
{
    private readonly List<(bool Client, byte[] Data)> steps = [];
    private readonly int chunkSize;
    private readonly MemoryStream written = new();
    private readonly SemaphoreSlim writeSignal = new(0);
    private int step;
    private int offset;
    private long verified;

    public ScriptedStream(string transcript, int chunkSize = 4096)
    {
        this.chunkSize = chunkSize;
        foreach (var rawLine in transcript.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (rawLine.Length == 0 || rawLine.StartsWith('#'))
            {
                continue;
            }

            var client = rawLine.StartsWith("C: ", StringComparison.Ordinal) || rawLine == "C:";
            if (!client && !rawLine.StartsWith("S: ", StringComparison.Ordinal) && rawLine != "S:")
            {
                throw new ArgumentException($"Transcript line must start with 'C: ' or 'S: ': {rawLine}");
            }

            var data = Encoding.UTF8.GetBytes((rawLine.Length > 3 ? rawLine[3..] : "") + "\r\n");
            if (steps.Count > 0 && steps[^1].Client == client)
            {
                steps[^1] = (client, [.. steps[^1].Data, .. data]);
            }
            else
            {
                steps.Add((client, data));
            }
        }
    }

    public static ScriptedStream FromFile(string relativePath, int chunkSize) =>
        new(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Transcripts", relativePath)), chunkSize);

    public string ClientText => Encoding.UTF8.GetString(written.ToArray());

    public bool Completed => step >= steps.Count;

    /// <summary>After the last server line, reads wait until cancelled instead of returning end of stream.</summary>
    public bool HangAtEnd { get; init; }

    public long BytesWritten => written.Length;

    /// <summary>A read is blocked until the client writes the next expected bytes.</summary>
    #pragma warning disable CA1051 // a test helper field, read across threads
    public volatile bool IsWaitingForClient;
#pragma warning restore CA1051

    public async Task WaitUntilWaitingForClientAsync()
    {
        for (var i = 0; i < 500 && !IsWaitingForClient; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System, CancellationToken.None);
        }

        Assert.True(IsWaitingForClient, "The client never blocked waiting for the server.");
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (step < steps.Count && steps[step].Client)
        {
            var expected = steps[step].Data;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            while (written.Length - verified < expected.Length)
            {
                try
                {
                    IsWaitingForClient = true;
                    await writeSignal.WaitAsync(timeout.Token);
                    IsWaitingForClient = false;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new InvalidOperationException($"Client did not send the expected:\n{Encoding.UTF8.GetString(expected)}\nit sent:\n{Encoding.UTF8.GetString(written.ToArray().AsSpan((int)verified))}");
                }
            }

            var actual = written.ToArray().AsSpan((int)verified, expected.Length);
            if (!actual.SequenceEqual(expected))
            {
                throw new InvalidOperationException($"Client sent:\n{Encoding.UTF8.GetString(actual)}\nexpected:\n{Encoding.UTF8.GetString(expected)}");
            }

            verified += expected.Length;
            step++;
            offset = 0;
        }

        if (step >= steps.Count)
        {
            if (HangAtEnd)
            {
                // A silent server: the read completes only when the client gives up (timeout or cancellation).
                var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await using var reg = cancellationToken.Register(() => tcs.TrySetCanceled(cancellationToken));
                await tcs.Task;
            }

            return 0;
        }

        var data = steps[step].Data;
        var n = Math.Min(Math.Min(chunkSize, buffer.Length), data.Length - offset);
        data.AsSpan(offset, n).CopyTo(buffer.Span);
        offset += n;
        if (offset == data.Length)
        {
            step++;
            offset = 0;
        }

        return n;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        written.Write(buffer, offset, count);
        writeSignal.Release();
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        written.Write(buffer.Span);
        writeSignal.Release();
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Every client step of the transcript was written and matched.</summary>
    public void AssertClientDone()
    {
        var pending = steps.Skip(step).Where(static s => s.Client).Sum(static s => s.Data.Length);
        var remaining = step < steps.Count && steps[step].Client ? Encoding.UTF8.GetString(written.ToArray().AsSpan((int)verified)) : "";
        if (step < steps.Count && steps[step].Client)
        {
            var expected = steps[step].Data;
            if (written.Length - verified >= expected.Length && written.ToArray().AsSpan((int)verified, expected.Length).SequenceEqual(expected))
            {
                verified += expected.Length;
                step++;
                AssertClientDone();
                return;
            }
        }

        Assert.True(pending == 0, $"Client did not send the rest of the transcript; unmatched client bytes: {remaining}");
        Assert.Equal(written.Length, verified);
    }

    protected override void Dispose(bool disposing)
    {
        // The captured bytes stay readable after the client closes the stream, for AssertClientDone.
        base.Dispose(disposing);
    }
}
