using System.Buffers;

namespace ForecastWatch.Mail.IO;

/// <summary>
/// A read-only or write-only stream that passes bytes through a chain of <see cref="IMimeFilter"/>s: reading decodes
/// from an inner stream on demand, writing transforms and forwards. Memory is bounded by the block size.
/// </summary>
internal sealed class FilteredStream : Stream
{
    private const int BlockSize = 16 * 1024;

    private readonly Stream _inner;
    private readonly IMimeFilter[] _filters;
    private readonly bool _leaveOpen;
    private readonly bool _writing;
    private readonly PooledBufferWriter _a = new(BlockSize);
    private readonly PooledBufferWriter _b = new(BlockSize);
    private byte[]? _readBlock;
    private ReadOnlyMemory<byte> _pending;
    private bool _innerDone;
    private bool _flushed;

    private FilteredStream(Stream inner, bool writing, bool leaveOpen, IMimeFilter[] filters)
    {
        _inner = inner;
        _writing = writing;
        _leaveOpen = leaveOpen;
        _filters = filters;
    }

    public static FilteredStream ForReading(Stream inner, bool leaveOpen, params IMimeFilter[] filters) => new(inner, false, leaveOpen, filters);

    public static FilteredStream ForWriting(Stream inner, bool leaveOpen, params IMimeFilter[] filters) => new(inner, true, leaveOpen, filters);

    public override bool CanRead => !_writing;

    public override bool CanSeek => false;

    public override bool CanWrite => _writing;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        CheckRead();
        while (_pending.IsEmpty && !_flushed)
        {
            _readBlock ??= ArrayPool<byte>.Shared.Rent(BlockSize);
            var n = _innerDone ? 0 : _inner.Read(_readBlock, 0, _readBlock.Length);
            Transform(n, _readBlock.AsSpan(0, n));
        }

        return TakePending(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        CheckRead();
        while (_pending.IsEmpty && !_flushed)
        {
            _readBlock ??= ArrayPool<byte>.Shared.Rent(BlockSize);
            var n = _innerDone ? 0 : await _inner.ReadAsync(_readBlock.AsMemory(), cancellationToken).ConfigureAwait(false);
            Transform(n, _readBlock.AsSpan(0, n));
        }

        return TakePending(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        CheckWrite();
        var result = Run(buffer, flush: false);
        _inner.Write(result.Span);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        CheckWrite();
        var result = Run(buffer.Span, flush: false);
        await _inner.WriteAsync(result, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Ends the filtered data: filters write what they held back. Called by Dispose when writing.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (_writing && !_flushed)
        {
            _flushed = true;
            var result = Run([], flush: true);
            await _inner.WriteAsync(result, cancellationToken).ConfigureAwait(false);
        }
    }

    public override void Flush()
    {
        if (_writing)
        {
            _inner.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        _writing ? _inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_writing && !_flushed)
            {
                _flushed = true;
                _inner.Write(Run([], flush: true).Span);
            }

            if (!_leaveOpen)
            {
                _inner.Dispose();
            }

            _a.Dispose();
            _b.Dispose();
            if (_readBlock is not null)
            {
                ArrayPool<byte>.Shared.Return(_readBlock);
                _readBlock = null;
            }

            _pending = default;
        }

        base.Dispose(disposing);
    }

    private void Transform(int n, ReadOnlySpan<byte> block)
    {
        if (n == 0)
        {
            _innerDone = true;
            _flushed = true;
            _pending = Run([], flush: true);
        }
        else
        {
            _pending = Run(block, flush: false);
        }
    }

    private ReadOnlyMemory<byte> Run(ReadOnlySpan<byte> input, bool flush)
    {
        var source = input;
        PooledBufferWriter? last = null;
        for (var i = 0; i < _filters.Length; i++)
        {
            var target = i % 2 == 0 ? _a : _b;
            target.ResetWrittenCount();
            _filters[i].Filter(source, target);
            if (flush)
            {
                _filters[i].Flush(target);
            }

            source = target.WrittenSpan;
            last = target;
        }

        if (last is null)
        {
            _a.ResetWrittenCount();
            _a.Write(input);
            last = _a;
        }

        return last.WrittenMemory;
    }

    private int TakePending(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _pending.Length);
        _pending.Span[..n].CopyTo(buffer);
        _pending = _pending[n..];
        return n;
    }

    private void CheckRead()
    {
        if (_writing)
        {
            throw new NotSupportedException("This filtered stream is write-only.");
        }
    }

    private void CheckWrite()
    {
        if (!_writing)
        {
            throw new NotSupportedException("This filtered stream is read-only.");
        }
    }
}
