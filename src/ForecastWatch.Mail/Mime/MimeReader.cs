using System.Buffers;
using ForecastWatch.Mail.Encodings;

namespace ForecastWatch.Mail.Mime;

internal enum MimeEntityKind
{
    Leaf,
    Multipart,
    Message,
}

internal enum MimeBodyRegion
{
    Content,
    Preamble,
    Epilogue,
    Discard,
}

/// <summary>Receives what <see cref="MimeReader"/> finds, in stream order.</summary>
internal interface IMimeReaderHandler
{
    void OnEntityBegin(long offset, int line);

    void OnHeader(ReadOnlySpan<byte> field, int nameLength, int valueStart, long offset, int line);

    void OnHeadersEnd(ContentType contentType, ContentEncoding encoding, MimeEntityKind kind);

    void OnRegion(MimeBodyRegion region);

    void OnBodyChunk(ReadOnlySpan<byte> data);

    void OnEntityEnd();

    void OnDefect(MimeDefectKind kind, long offset, int line, string? detail);
}

/// <summary>
/// Streaming MIME reader. The work is synchronous over a fixed read-ahead buffer (header lines found with IndexOf,
/// bodies scanned for "\n--" with vectorized search); only the refill awaits. Bodies are never held whole: they are
/// handed to the handler in chunks. Every limit in <see cref="MimeParserOptions"/> becomes a defect, never an exception.
/// </summary>
internal sealed class MimeReader : IDisposable
{
    private const int MinBufferSize = 32 * 1024;
    private const int Eof = -1;

    private readonly Stream _stream;
    private readonly MimeParserOptions _options;
    private readonly IMimeReaderHandler _handler;
    private readonly List<byte[]> _boundaries = [];
    private byte[] _buffer;
    private int _pos;
    private int _end;
    private bool _eof;
    private long _bufferOffset;
    private int _lineBase = 1;
    private int _lineCountedTo;
    private int _parts;
    private int _maxBoundaryLine;
    private bool _discard;
    private bool _lineCheckDone;
    private long _column;

    public MimeReader(Stream stream, MimeParserOptions options, IMimeReaderHandler handler)
    {
        _stream = stream;
        _options = options;
        _handler = handler;
        var size = Math.Max(MinBufferSize, options.MaxHeaderLength + 8192);
        _buffer = ArrayPool<byte>.Shared.Rent(size);
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    public async ValueTask ReadMessageAsync(CancellationToken cancellationToken)
    {
        await FillAsync(cancellationToken).ConfigureAwait(false);
        await ReadEntityAsync(0, ContentType.TextPlainDefault, isMessageRoot: true, cancellationToken).ConfigureAwait(false);
    }

    private long OffsetAt(int index) => _bufferOffset + index;

    private int LineAt(int index)
    {
        if (index > _lineCountedTo)
        {
            _lineBase += _buffer.AsSpan(_lineCountedTo, index - _lineCountedTo).Count((byte)'\n');
            _lineCountedTo = index;
        }

        return _lineBase;
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_eof)
        {
            return false;
        }

        if (_pos > 0)
        {
            LineAt(_pos);
            var remaining = _end - _pos;
            if (remaining > 0)
            {
                Buffer.BlockCopy(_buffer, _pos, _buffer, 0, remaining);
            }

            _bufferOffset += _pos;
            _lineCountedTo -= _pos;
            _end = remaining;
            _pos = 0;
        }

        if (_end == _buffer.Length)
        {
            return false;
        }

        var n = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (n <= 0)
        {
            _eof = true;
            return false;
        }

        _end += n;
        return true;
    }

    /// <summary>Reads one entity (headers and body); returns what ended it: <see cref="Eof"/> or an encoded boundary hit.</summary>
    private async ValueTask<int> ReadEntityAsync(int depth, ContentType defaultType, bool isMessageRoot, CancellationToken ct)
    {
        _parts++;
        _handler.OnEntityBegin(OffsetAt(_pos), LineAt(_pos));
        var headers = new EntityHeaders();
        while (true)
        {
            var done = ReadHeaders(ref headers, isMessageRoot);
            if (done)
            {
                break;
            }

            if (!await FillAsync(ct).ConfigureAwait(false) && !_eof && _end - _pos == _buffer.Length)
            {
                // Cannot happen: ReadHeaders consumes oversized fields itself.
                break;
            }
        }

        var contentType = headers.ContentType ?? defaultType;
        var encoding = headers.Encoding;
        var kind = MimeEntityKind.Leaf;
        if (contentType.IsMultipart)
        {
            if (string.IsNullOrEmpty(contentType.Boundary))
            {
                Defect(MimeDefectKind.MissingBoundaryParameter, headers.ContentTypeOffset, headers.ContentTypeLine, contentType.MimeType);
            }
            else if (depth >= _options.MaxNestingDepth)
            {
                Defect(MimeDefectKind.NestingTooDeep, headers.ContentTypeOffset, headers.ContentTypeLine, $"depth {depth + 1}");
            }
            else
            {
                kind = MimeEntityKind.Multipart;
            }
        }
        else if (contentType.MediaType == "message" && contentType.MediaSubtype is "rfc822" or "global" or "news")
        {
            if (encoding is ContentEncoding.Base64 or ContentEncoding.QuotedPrintable)
            {
                // RFC 2046 section 5.2.1 forbids it, but some mailers do it; keep the part opaque (decodable as a file).
                Defect(MimeDefectKind.InvalidCompositeEncoding, headers.ContentTypeOffset, headers.ContentTypeLine, contentType.MimeType);
            }
            else if (depth >= _options.MaxNestingDepth)
            {
                Defect(MimeDefectKind.NestingTooDeep, headers.ContentTypeOffset, headers.ContentTypeLine, $"depth {depth + 1}");
            }
            else
            {
                kind = MimeEntityKind.Message;
            }
        }

        if (kind != MimeEntityKind.Leaf && encoding is ContentEncoding.Base64 or ContentEncoding.QuotedPrintable && kind == MimeEntityKind.Multipart)
        {
            Defect(MimeDefectKind.InvalidCompositeEncoding, headers.ContentTypeOffset, headers.ContentTypeLine, contentType.MimeType);
        }

        if (kind == MimeEntityKind.Leaf && encoding == ContentEncoding.Unknown)
        {
            Defect(MimeDefectKind.UnknownTransferEncoding, headers.ContentTypeOffset, headers.ContentTypeLine, null);
        }

        _handler.OnHeadersEnd(contentType, encoding, kind);
        int hit;
        switch (kind)
        {
            case MimeEntityKind.Multipart:
                hit = await ReadMultipartAsync(depth, contentType, ct).ConfigureAwait(false);
                break;
            case MimeEntityKind.Message:
                hit = await ReadEntityAsync(depth + 1, ContentType.TextPlainDefault, isMessageRoot: true, ct).ConfigureAwait(false);
                break;
            default:
                _handler.OnRegion(MimeBodyRegion.Content);
                hit = await ReadBodyAsync(atLineStart: true, ct).ConfigureAwait(false);
                break;
        }

        _handler.OnEntityEnd();
        return hit;
    }

    private async ValueTask<int> ReadMultipartAsync(int depth, ContentType contentType, CancellationToken ct)
    {
        var boundary = System.Text.Encoding.UTF8.GetBytes(contentType.Boundary!.Trim());
        _boundaries.Add(boundary);
        var level = _boundaries.Count - 1;
        var previousMax = _maxBoundaryLine;
        _maxBoundaryLine = Math.Max(_maxBoundaryLine, boundary.Length + 4 + 256);
        var childDefault = contentType.MediaSubtype == "digest" ? ContentType.MessageRfc822Default : ContentType.TextPlainDefault;
        try
        {
            _handler.OnRegion(MimeBodyRegion.Preamble);
            var hit = await ReadBodyAsync(atLineStart: true, ct).ConfigureAwait(false);
            var limitReported = false;
            while (hit >= 0 && hit >> 1 == level && (hit & 1) == 0)
            {
                if (_parts >= _options.MaxParts)
                {
                    if (!_discard && !limitReported)
                    {
                        limitReported = true;
                        Defect(MimeDefectKind.TooManyParts, OffsetAt(_pos), LineAt(_pos), $"more than {_options.MaxParts}");
                    }

                    _handler.OnRegion(MimeBodyRegion.Discard);
                    var wasDiscarding = _discard;
                    _discard = true;
                    hit = await ReadBodyAsync(atLineStart: true, ct).ConfigureAwait(false);
                    _discard = wasDiscarding;
                    continue;
                }

                hit = await ReadEntityAsync(depth + 1, childDefault, isMessageRoot: false, ct).ConfigureAwait(false);
            }

            if (hit >= 0 && hit >> 1 == level)
            {
                // Closing delimiter: the epilogue runs to an enclosing boundary or the end (RFC 2046 section 5.1.1).
                _boundaries.RemoveAt(level);
                _handler.OnRegion(MimeBodyRegion.Epilogue);
                return await ReadBodyAsync(atLineStart: true, ct).ConfigureAwait(false);
            }

            Defect(MimeDefectKind.MissingFinalBoundary, OffsetAt(_pos), LineAt(_pos), contentType.Boundary);
            _boundaries.RemoveAt(level);
            return hit;
        }
        finally
        {
            if (_boundaries.Count > level)
            {
                _boundaries.RemoveRange(level, _boundaries.Count - level);
            }

            _maxBoundaryLine = previousMax;
        }
    }

    private void Defect(MimeDefectKind kind, long offset, int line, string? detail) => _handler.OnDefect(kind, offset, line, detail);

    private void Emit(int from, int to)
    {
        if (to <= from)
        {
            return;
        }

        var data = _buffer.AsSpan(from, to - from);
        if (!_lineCheckDone)
        {
            CheckLineLengths(data, from);
        }

        if (!_discard)
        {
            _handler.OnBodyChunk(data);
        }
    }

    // A line longer than the limit exists iff some window of limit+1 bytes holds no LF; stepping to the last LF in
    // each window keeps this to a few vectorized searches per kilobyte.
    private void CheckLineLengths(ReadOnlySpan<byte> data, int from)
    {
        var limit = _options.MaxLineLength + 2;
        var first = data.IndexOf((byte)'\n');
        if (first < 0)
        {
            _column += data.Length;
            if (_column > limit)
            {
                LongLine(from);
            }

            return;
        }

        if (_column + first > limit)
        {
            LongLine(from);
            return;
        }

        var p = first + 1;
        while (data.Length - p > limit)
        {
            var window = data.Slice(p, limit + 1);
            var k = window.LastIndexOf((byte)'\n');
            if (k < 0)
            {
                LongLine(from + p);
                return;
            }

            p += k + 1;
        }

        var last = data[p..].LastIndexOf((byte)'\n');
        _column = last < 0 ? data.Length - p : data.Length - p - last - 1;
    }

    private void LongLine(int at)
    {
        _lineCheckDone = true;
        Defect(MimeDefectKind.LineTooLong, OffsetAt(at), LineAt(Math.Min(at, _end)), $"over {_options.MaxLineLength} octets");
    }

    /// <summary>Reads body bytes up to the next boundary line of any open multipart, or the end.</summary>
    private async ValueTask<int> ReadBodyAsync(bool atLineStart, CancellationToken ct)
    {
        _column = 0;
        _lineCheckDone = false;
        if (_boundaries.Count == 0)
        {
            while (true)
            {
                Emit(_pos, _end);
                _pos = _end;
                if (!await FillAsync(ct).ConfigureAwait(false))
                {
                    return Eof;
                }
            }
        }

        var scan = 0;
        while (true)
        {
            if (atLineStart)
            {
                var avail = _end - _pos;
                var nl = _buffer.AsSpan(_pos, Math.Min(avail, _maxBoundaryLine)).IndexOf((byte)'\n');
                if (nl < 0 && !_eof && avail < _maxBoundaryLine)
                {
                    if (await FillAsync(ct).ConfigureAwait(false) || _eof)
                    {
                        continue;
                    }
                }

                var lineEnd = nl < 0 ? Math.Min(_end, _pos + _maxBoundaryLine) : _pos + nl;
                var hit = MatchBoundary(_buffer.AsSpan(_pos, lineEnd - _pos));
                if (hit >= 0)
                {
                    _pos = nl < 0 ? lineEnd : lineEnd + 1;
                    return hit;
                }

                atLineStart = false;
            }

            var span = _buffer.AsSpan(_pos + scan, _end - _pos - scan);
            var idx = span.IndexOf("\n--"u8);
            if (idx < 0)
            {
                if (_eof)
                {
                    Emit(_pos, _end);
                    _pos = _end;
                    return Eof;
                }

                // Keep back a possible "\r\n-" tail that may begin a delimiter once more data arrives.
                var keep = Math.Min(3, _end - _pos);
                Emit(_pos, _end - keep);
                _pos = _end - keep;
                scan = 0;
                await FillAsync(ct).ConfigureAwait(false);
                continue;
            }

            var nlPos = _pos + scan + idx;
            var lineStart = nlPos + 1;
            var rest = _buffer.AsSpan(lineStart, Math.Min(_end - lineStart, _maxBoundaryLine));
            var lf = rest.IndexOf((byte)'\n');
            if (lf < 0 && !_eof && rest.Length < _maxBoundaryLine)
            {
                // The candidate line is incomplete: hand over what precedes it and refill.
                var keepFrom = nlPos > _pos && _buffer[nlPos - 1] == (byte)'\r' ? nlPos - 1 : nlPos;
                Emit(_pos, keepFrom);
                _pos = keepFrom;
                scan = 0;
                if (!await FillAsync(ct).ConfigureAwait(false) && !_eof)
                {
                    // Buffer full of one giant line: cannot be a boundary; move on.
                    scan = nlPos + 1 - _pos;
                }

                continue;
            }

            var lineEndPos = lf < 0 ? lineStart + rest.Length : lineStart + lf;
            var match = MatchBoundary(_buffer.AsSpan(lineStart, lineEndPos - lineStart));
            if (match >= 0)
            {
                // The CRLF before the delimiter belongs to the delimiter (RFC 2046 section 5.1.1).
                var contentEnd = nlPos > _pos && _buffer[nlPos - 1] == (byte)'\r' ? nlPos - 1 : nlPos;
                Emit(_pos, contentEnd);
                _pos = lf < 0 ? lineEndPos : lineEndPos + 1;
                return match;
            }

            scan = lineStart - _pos;
        }
    }

    private int MatchBoundary(ReadOnlySpan<byte> line)
    {
        if (line.Length < 2 || line[0] != (byte)'-' || line[1] != (byte)'-')
        {
            return -1;
        }

        line = line[2..].TrimEnd(" \t\r"u8);
        for (var k = _boundaries.Count - 1; k >= 0; k--)
        {
            var b = _boundaries[k];
            if (line.StartsWith(b))
            {
                var tail = line[b.Length..];
                if (tail.IsEmpty)
                {
                    return k << 1;
                }

                if (tail.Length == 2 && tail[0] == (byte)'-' && tail[1] == (byte)'-')
                {
                    return (k << 1) | 1;
                }
            }
        }

        return -1;
    }

    private struct EntityHeaders
    {
        public ContentType? ContentType;
        public ContentEncoding Encoding;
        public long ContentTypeOffset;
        public int ContentTypeLine;
        public int Count;
        public int Bytes;
        public bool Skipping;
        public int Pending;
        public int Scanned;
        public bool MidLine;
        public bool LimitReported;
        public bool LongLineReported;
        public bool Started;
    }

    /// <summary>Consumes header fields available in the buffer; true when the header block has ended.</summary>
    private bool ReadHeaders(ref EntityHeaders h, bool isMessageRoot)
    {
        while (true)
        {
            var span = _buffer.AsSpan(_pos, _end - _pos);
            if (span.IsEmpty)
            {
                if (_eof)
                {
                    if (h.Started)
                    {
                        Defect(MimeDefectKind.TruncatedHeaders, OffsetAt(_pos), LineAt(_pos), null);
                    }

                    return true;
                }

                return false;
            }

            if (h.Skipping)
            {
                // Inside an oversized field: drop the rest of the line, then continuation lines, until the next field.
                if (h.MidLine)
                {
                    var nl = span.IndexOf((byte)'\n');
                    if (nl < 0)
                    {
                        _pos = _end;
                        if (_eof)
                        {
                            return true;
                        }

                        return false;
                    }

                    _pos += nl + 1;
                    h.MidLine = false;
                    continue;
                }

                if (span[0] is (byte)' ' or (byte)'\t')
                {
                    h.MidLine = true;
                    continue;
                }

                h.Skipping = false;
            }

            if (span[0] == (byte)'\n')
            {
                _pos++;
                return true;
            }

            if (span[0] == (byte)'\r')
            {
                if (span.Length < 2 && !_eof)
                {
                    return false;
                }

                _pos += span.Length >= 2 && span[1] == (byte)'\n' ? 2 : 1;
                return true;
            }

            // Find the whole field: its first line and every continuation line (RFC 5322 section 2.2.3). Progress is
            // kept across refills (Pending, Scanned) so a field arriving a byte at a time is still scanned once.
            var e = h.Pending;
            var scanned = h.Scanned;
            bool complete;
            while (true)
            {
                if (e > 0)
                {
                    if (e == span.Length)
                    {
                        complete = _eof;
                        break;
                    }

                    if (span[e] is not ((byte)' ' or (byte)'\t'))
                    {
                        complete = true;
                        break;
                    }
                }

                var from = Math.Max(e, scanned);
                var nl = span[from..].IndexOf((byte)'\n');
                if (nl < 0)
                {
                    scanned = span.Length;
                    if (_eof)
                    {
                        e = span.Length;
                        complete = true;
                    }
                    else
                    {
                        complete = false;
                    }

                    break;
                }

                e = from + nl + 1;
                scanned = e;
            }

            if (!complete)
            {
                h.Pending = e;
                h.Scanned = scanned;
                if ((_pos == 0 && _end == _buffer.Length) || span.Length > _options.MaxHeaderLength)
                {
                    // Larger than any field we keep: report, then skip it line by line.
                    Defect(MimeDefectKind.HeaderTooLong, OffsetAt(_pos), LineAt(_pos), Name(span));
                    var lastNl = span.LastIndexOf((byte)'\n');
                    _pos += lastNl < 0 ? span.Length : lastNl + 1;
                    h.Skipping = true;
                    h.MidLine = lastNl < 0;
                    h.Started = true;
                    h.Pending = 0;
                    h.Scanned = 0;
                    continue;
                }

                return false;
            }

            h.Pending = 0;
            h.Scanned = 0;
            var field = span[..e];
            var fieldOffset = OffsetAt(_pos);
            var started = h.Started;
            h.Started = true;

            // An mbox separator before the first header (RFC 4155).
            if (!started && isMessageRoot && field.StartsWith("From "u8))
            {
                Defect(MimeDefectKind.MboxFromLine, fieldOffset, LineAt(_pos), null);
                _pos += e;
                continue;
            }

            var colon = field.IndexOf((byte)':');
            var nameEnd = colon;
            while (nameEnd > 0 && field[nameEnd - 1] is (byte)' ' or (byte)'\t')
            {
                nameEnd--;
            }

            if (colon <= 0 || nameEnd == 0 || !IsFieldName(field[..nameEnd]))
            {
                // Not a header: the header block ended without its blank line and this is body (common in broken parts).
                Defect(MimeDefectKind.MalformedHeader, fieldOffset, LineAt(_pos), "line is not a header field; body assumed");
                return true;
            }

            h.Count++;
            h.Bytes += e;
            _pos += e;
            var raw = field.TrimEnd("\r\n"u8);
            if (!h.LongLineReported && raw.Length > _options.MaxLineLength && LongestLine(raw) > _options.MaxLineLength)
            {
                h.LongLineReported = true;
                Defect(MimeDefectKind.LineTooLong, fieldOffset, LineAt(_pos - e), Name(field));
            }

            if (h.Count > _options.MaxHeaderCount || h.Bytes > _options.MaxHeaderBlockBytes)
            {
                if (!h.LimitReported)
                {
                    h.LimitReported = true;
                    Defect(h.Count > _options.MaxHeaderCount ? MimeDefectKind.TooManyHeaders : MimeDefectKind.HeaderBlockTooLarge, fieldOffset, LineAt(_pos - e), null);
                }

                continue;
            }

            if (e > _options.MaxHeaderLength)
            {
                Defect(MimeDefectKind.HeaderTooLong, fieldOffset, LineAt(_pos - e), Name(field));
                continue;
            }

            var line = LineAt(_pos - e);
            _handler.OnHeader(raw, nameEnd, colon + 1, fieldOffset, line);
            Inspect(ref h, raw, nameEnd, colon + 1, fieldOffset, line);
        }
    }

    private void Inspect(ref EntityHeaders h, ReadOnlySpan<byte> raw, int nameLength, int valueStart, long offset, int line)
    {
        var name = raw[..nameLength];
        if (name.Length == 12 && System.Text.Ascii.EqualsIgnoreCase(name, "Content-Type"u8))
        {
            var value = raw[valueStart..];
            var unfolded = value.IndexOfAny((byte)'\r', (byte)'\n') >= 0 ? MimeHeader.Unfold(value) : value;
            var ct = ContentType.Parse(unfolded, throwOnError: false, out var malformed);
            if (malformed)
            {
                Defect(MimeDefectKind.MalformedContentType, offset, line, System.Text.Encoding.Latin1.GetString(unfolded.Trim(" \t"u8)));
            }

            // The first Content-Type wins; a duplicate is ignored (RFC 2045 allows only one).
            if (h.ContentType is null && ct is not null)
            {
                h.ContentType = ct;
                h.ContentTypeOffset = offset;
                h.ContentTypeLine = line;
            }
        }
        else if (name.Length == 25 && System.Text.Ascii.EqualsIgnoreCase(name, "Content-Transfer-Encoding"u8))
        {
            h.Encoding = ContentEncodings.Parse(raw[valueStart..]);
            if (h.ContentType is null)
            {
                h.ContentTypeOffset = offset;
                h.ContentTypeLine = line;
            }
        }
    }

    private static int LongestLine(ReadOnlySpan<byte> s)
    {
        var max = 0;
        while (true)
        {
            var nl = s.IndexOf((byte)'\n');
            if (nl < 0)
            {
                return Math.Max(max, s.Length);
            }

            max = Math.Max(max, nl);
            s = s[(nl + 1)..];
        }
    }

    // RFC 5322 section 3.6.8: ftext is printable US-ASCII except ":".
    private static bool IsFieldName(ReadOnlySpan<byte> name) => name.IndexOfAnyExceptInRange((byte)33, (byte)126) < 0;

    private static string Name(ReadOnlySpan<byte> field)
    {
        var colon = field.IndexOf((byte)':');
        var name = colon > 0 && colon < 80 ? field[..colon] : field[..Math.Min(field.Length, 40)];
        return System.Text.Encoding.Latin1.GetString(name);
    }
}
