using System.Buffers;
using System.Globalization;
using System.Text;
using ForecastWatch.Mail.Net;

namespace ForecastWatch.Mail.Imap;

/// <summary>Limits that keep a hostile or broken server from exhausting memory or looping.</summary>
internal sealed record ImapParserLimits
{
    public static ImapParserLimits Default { get; } = new();

    /// <summary>Literals up to this size stay in memory; larger ones are spooled to a temporary file.</summary>
    public int MemoryLiteralLimit { get; init; } = 256 * 1024;

    public long MaxLiteralSize { get; init; } = 1L << 31;

    public int MaxTokenLength { get; init; } = 1024 * 1024;

    public int MaxDepth { get; init; } = 64;

    public int MaxValuesPerList { get; init; } = 1_000_000;

    /// <summary>
    /// Parses a response straight from the read-ahead buffer when it is all there (the usual case for FETCH),
    /// falling back to the incremental reader otherwise; off only to compare the two paths in tests.
    /// </summary>
    public bool BufferedFastPath { get; init; } = true;
}

/// <summary>
/// Reads complete responses (RFC 3501 section 7, RFC 9051 section 7) from a buffered connection: tagged and untagged
/// status responses with response codes, untagged data with nested lists, quoted strings, NIL and literals.
/// It knows nothing about commands; the engine decides what a response means.
/// </summary>
internal sealed partial class ImapResponseParser(MailConnection connection, ImapParserLimits? limits = null)
{
    private readonly ImapParserLimits limits = limits ?? ImapParserLimits.Default;

    private async ValueTask<ImapResponse> ReadIncrementalAsync(CancellationToken ct)
    {
        var first = await PeekAsync(ct).ConfigureAwait(false);
        if (first == '+')
        {
            connection.Advance(1);
            return new ImapResponse { Kind = ImapResponseKind.Continuation, Text = await ReadTextToEndOfLineAsync(skipSpace: true, ct).ConfigureAwait(false) };
        }

        if (first == '*')
        {
            connection.Advance(1);
            await ExpectSpaceAsync(ct).ConfigureAwait(false);
            var word = await ReadBareWordAsync(ct).ConfigureAwait(false);
            if (uint.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                await ExpectSpaceAsync(ct).ConfigureAwait(false);
                var name = (await ReadBareWordAsync(ct).ConfigureAwait(false)).ToUpperInvariant();
                return new ImapResponse { Kind = ImapResponseKind.Untagged, Number = number, Name = name, Values = await ReadValuesToEndOfLineAsync(ct).ConfigureAwait(false) };
            }

            var upper = word.ToUpperInvariant();
            if (TryParseStatus(upper, out var status))
            {
                return await ReadStatusResponseAsync(ImapResponseKind.Untagged, null, status, ct).ConfigureAwait(false);
            }

            return new ImapResponse { Kind = ImapResponseKind.Untagged, Name = upper, Values = await ReadValuesToEndOfLineAsync(ct).ConfigureAwait(false) };
        }

        var tag = await ReadBareWordAsync(ct).ConfigureAwait(false);
        if (tag.Length == 0)
        {
            throw Protocol("a response that starts with neither '*', '+' nor a tag");
        }

        await ExpectSpaceAsync(ct).ConfigureAwait(false);
        var statusWord = (await ReadBareWordAsync(ct).ConfigureAwait(false)).ToUpperInvariant();
        if (!TryParseStatus(statusWord, out var tagged) || tagged is ImapStatus.Preauth)
        {
            throw Protocol($"tagged response '{tag}' with status '{Shorten(statusWord)}'");
        }

        return await ReadStatusResponseAsync(ImapResponseKind.Tagged, tag, tagged, ct).ConfigureAwait(false);
    }

    private static bool TryParseStatus(string word, out ImapStatus status)
    {
        status = word switch
        {
            "OK" => ImapStatus.Ok,
            "NO" => ImapStatus.No,
            "BAD" => ImapStatus.Bad,
            "PREAUTH" => ImapStatus.Preauth,
            "BYE" => ImapStatus.Bye,
            _ => (ImapStatus)(-1),
        };
        return (int)status >= 0;
    }

    private async ValueTask<ImapResponse> ReadStatusResponseAsync(ImapResponseKind kind, string? tag, ImapStatus status, CancellationToken ct)
    {
        var line = await ReadLineAsync(ct).ConfigureAwait(false);
        return BuildStatusResponse(kind, tag, status, line);
    }

    private ImapResponse BuildStatusResponse(ImapResponseKind kind, string? tag, ImapStatus status, ReadOnlySpan<byte> span)
    {
        // resp-text = ["[" resp-text-code "]" SP] text; servers also send no text at all, or no space before CRLF.
        while (span.Length > 0 && span[0] == ' ')
        {
            span = span[1..];
        }

        string? code = null;
        var args = new List<ImapValue>();
        if (span.Length > 0 && span[0] == '[')
        {
            var close = FindCodeEnd(span);
            if (close > 0)
            {
                var inner = span[1..close];
                var sp = inner.IndexOf((byte)' ');
                var name = sp < 0 ? inner : inner[..sp];
                code = Encoding.ASCII.GetString(name).ToUpperInvariant();
                if (sp >= 0)
                {
                    var pos = sp + 1;
                    ParseInlineValues(inner, ref pos, args, 0);
                }

                span = span[(close + 1)..];
                if (span.Length > 0 && span[0] == ' ')
                {
                    span = span[1..];
                }
            }
        }

        return new ImapResponse { Kind = kind, Tag = tag, Status = status, Code = code, CodeArgs = args, Text = Encoding.UTF8.GetString(span) };
    }

    /// <summary>The ']' that closes a response code, skipping quoted strings and brackets nested inside it.</summary>
    private static int FindCodeEnd(ReadOnlySpan<byte> span)
    {
        var depth = 0;
        var quoted = false;
        for (var i = 1; i < span.Length; i++)
        {
            var b = span[i];
            if (quoted)
            {
                if (b == '\\')
                {
                    i++;
                }
                else if (b == '"')
                {
                    quoted = false;
                }
            }
            else if (b == '"')
            {
                quoted = true;
            }
            else if (b == '[')
            {
                depth++;
            }
            else if (b == ']')
            {
                if (depth == 0)
                {
                    return i;
                }

                depth--;
            }
        }

        return -1;
    }

    private void ParseInlineValues(ReadOnlySpan<byte> s, ref int pos, List<ImapValue> into, int depth)
    {
        if (depth > limits.MaxDepth)
        {
            throw Protocol("lists nested too deeply");
        }

        while (pos < s.Length)
        {
            var b = s[pos];
            if (b == ' ')
            {
                pos++;
            }
            else if (b == ')')
            {
                if (depth > 0)
                {
                    pos++;
                    return;
                }

                pos++;
            }
            else if (b == '(')
            {
                pos++;
                var items = new List<ImapValue>();
                ParseInlineValues(s, ref pos, items, depth + 1);
                into.Add(ImapValue.List(items));
            }
            else if (b == '"')
            {
                pos++;
                var sb = new List<byte>();
                while (pos < s.Length && s[pos] != '"')
                {
                    if (s[pos] == '\\' && pos + 1 < s.Length)
                    {
                        pos++;
                    }

                    sb.Add(s[pos++]);
                }

                pos++;
                into.Add(ImapValue.Quoted(Encoding.UTF8.GetString(sb.ToArray())));
            }
            else
            {
                var startPos = pos;
                while (pos < s.Length && s[pos] is not ((byte)' ' or (byte)'(' or (byte)')'))
                {
                    pos++;
                }

                var text = Encoding.UTF8.GetString(s[startPos..pos]);
                into.Add(string.Equals(text, "NIL", StringComparison.OrdinalIgnoreCase) ? ImapValue.NilValue : ImapValue.Atom(text));
            }
        }
    }

    /// <summary>Reads values separated by spaces until the end of the line (which may be after literals).</summary>
    private async ValueTask<List<ImapValue>> ReadValuesToEndOfLineAsync(CancellationToken ct)
    {
        var values = new List<ImapValue>();
        try
        {
            while (true)
            {
                var b = await PeekAsync(ct).ConfigureAwait(false);
                if (b == ' ')
                {
                    connection.Advance(1);
                }
                else if (b == '\r' || b == '\n')
                {
                    await ReadEndOfLineAsync(ct).ConfigureAwait(false);
                    return values;
                }
                else if (b == ')')
                {
                    // An unbalanced ')' at the top level: tolerated as noise (seen from buggy servers).
                    connection.Advance(1);
                }
                else
                {
                    values.Add(await ReadValueAsync(0, ct).ConfigureAwait(false));
                    if (values.Count > limits.MaxValuesPerList)
                    {
                        throw Protocol("too many values in one response");
                    }
                }
            }
        }
        catch
        {
            foreach (var v in values)
            {
                v.DisposeLiterals();
            }

            throw;
        }
    }

    private async ValueTask<ImapValue> ReadValueAsync(int depth, CancellationToken ct)
    {
        var b = await PeekAsync(ct).ConfigureAwait(false);
        switch (b)
        {
            case (byte)'(':
                return await ReadListAsync(depth + 1, ct).ConfigureAwait(false);
            case (byte)'"':
                connection.Advance(1);
                return ImapValue.Quoted(await ReadQuotedAsync(ct).ConfigureAwait(false));
            case (byte)'{':
                connection.Advance(1);
                return ImapValue.FromLiteral(await ReadLiteralAsync(ct).ConfigureAwait(false));
            case (byte)'~':
                // RFC 3516 literal8: ~{n}
                connection.Advance(1);
                if (await PeekAsync(ct).ConfigureAwait(false) == '{')
                {
                    connection.Advance(1);
                    return ImapValue.FromLiteral(await ReadLiteralAsync(ct).ConfigureAwait(false));
                }

                var rest = await ReadAtomAsync(ct).ConfigureAwait(false);
                return ImapValue.Atom("~" + rest);
            default:
                var atom = await ReadAtomAsync(ct).ConfigureAwait(false);
                if (atom.Length == 0)
                {
                    throw Protocol($"unexpected byte 0x{b:X2}");
                }

                return string.Equals(atom, "NIL", StringComparison.OrdinalIgnoreCase) ? ImapValue.NilValue : ImapValue.Atom(atom);
        }
    }

    private async ValueTask<ImapValue> ReadListAsync(int depth, CancellationToken ct)
    {
        if (depth > limits.MaxDepth)
        {
            throw Protocol("lists nested too deeply");
        }

        connection.Advance(1);
        var items = new List<ImapValue>();
        try
        {
            while (true)
            {
                var b = await PeekAsync(ct).ConfigureAwait(false);
                if (b == ' ')
                {
                    connection.Advance(1);
                }
                else if (b == ')')
                {
                    connection.Advance(1);
                    return ImapValue.List(items);
                }
                else if (b == '\r' || b == '\n')
                {
                    throw Protocol("a list not closed before the end of the line");
                }
                else
                {
                    items.Add(await ReadValueAsync(depth, ct).ConfigureAwait(false));
                    if (items.Count > limits.MaxValuesPerList)
                    {
                        throw Protocol("too many values in one list");
                    }
                }
            }
        }
        catch
        {
            foreach (var v in items)
            {
                v.DisposeLiterals();
            }

            throw;
        }
    }

    /// <summary>An atom; '[' ... ']' may contain spaces and parentheses (BODY[HEADER.FIELDS (SUBJECT)]).</summary>
    private async ValueTask<string> ReadAtomAsync(CancellationToken ct)
    {
        var scanned = 0;
        var depth = 0;
        while (true)
        {
            var span = connection.Buffered;
            for (var i = scanned; i < span.Length; i++)
            {
                var b = span[i];
                var stop = b is (byte)'\r' or (byte)'\n' ||
                    (depth == 0 && (b is (byte)' ' or (byte)'(' or (byte)')' or (byte)'"' || (b == '{' && i == 0)));
                if (stop)
                {
                    var text = Encoding.UTF8.GetString(span[..i]);
                    connection.Advance(i);
                    return text;
                }

                if (b == '[')
                {
                    depth++;
                }
                else if (b == ']' && depth > 0)
                {
                    depth--;
                }
            }

            scanned = span.Length;
            if (scanned > limits.MaxTokenLength)
            {
                throw Protocol("an atom longer than the limit");
            }

            await FillOrThrowAsync(ct).ConfigureAwait(false);
        }
    }

    private async ValueTask<string> ReadQuotedAsync(CancellationToken ct)
    {
        var bytes = new ArrayBufferWriter<byte>(64);
        while (true)
        {
            var span = connection.Buffered;
            var i = span.IndexOfAny((byte)'"', (byte)'\\', (byte)'\n');
            if (i < 0)
            {
                bytes.Write(span);
                connection.Advance(span.Length);
            }
            else if (span[i] == '"')
            {
                bytes.Write(span[..i]);
                connection.Advance(i + 1);
                return Encoding.UTF8.GetString(bytes.WrittenSpan);
            }
            else if (span[i] == '\n')
            {
                throw Protocol("a line break inside a quoted string");
            }
            else if (i + 1 < span.Length)
            {
                bytes.Write(span[..i]);
                bytes.Write(span.Slice(i + 1, 1));
                connection.Advance(i + 2);
                continue;
            }
            else
            {
                bytes.Write(span[..i]);
                connection.Advance(i);
            }

            if (bytes.WrittenCount > limits.MaxTokenLength)
            {
                throw Protocol("a quoted string longer than the limit");
            }

            await FillOrThrowAsync(ct).ConfigureAwait(false);
        }
    }

    private async ValueTask<ImapLiteral> ReadLiteralAsync(CancellationToken ct)
    {
        long length = 0;
        var digits = 0;
        while (true)
        {
            var b = await PeekAsync(ct).ConfigureAwait(false);
            connection.Advance(1);
            if (char.IsAsciiDigit((char)b))
            {
                length = (length * 10) + (b - '0');
                if (++digits > 19 || length > limits.MaxLiteralSize)
                {
                    throw Protocol("a literal larger than the limit");
                }
            }
            else if (b == '+' && digits > 0)
            {
                continue;
            }
            else if (b == '}' && digits > 0)
            {
                break;
            }
            else
            {
                throw Protocol("a malformed literal length");
            }
        }

        await ReadEndOfLineAsync(ct).ConfigureAwait(false);
        if (length <= limits.MemoryLiteralLimit)
        {
            var literal = ImapLiteral.RentPooled((int)length, out var data);
            try
            {
                var filled = 0;
                while (filled < data.Length)
                {
                    if (connection.Buffered.IsEmpty)
                    {
                        await FillOrThrowAsync(ct).ConfigureAwait(false);
                    }

                    var span = connection.Buffered;
                    var n = Math.Min(span.Length, data.Length - filled);
                    span[..n].CopyTo(data.Span[filled..]);
                    connection.Advance(n);
                    filled += n;
                }
            }
            catch
            {
                literal.Dispose();
                throw;
            }

            return literal;
        }

        var file = ImapLiteral.CreateSpoolFile();
        try
        {
            await connection.CopyBytesAsync(file, length, ct).ConfigureAwait(false);
            await file.FlushAsync(ct).ConfigureAwait(false);
            return new ImapLiteral(file, length);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask<string> ReadBareWordAsync(CancellationToken ct)
    {
        var scanned = 0;
        while (true)
        {
            var span = connection.Buffered;
            var i = span[scanned..].IndexOfAny((byte)' ', (byte)'\r', (byte)'\n');
            if (i >= 0)
            {
                i += scanned;
                var word = Encoding.UTF8.GetString(span[..i]);
                connection.Advance(i);
                return word;
            }

            scanned = span.Length;
            if (scanned > 1024)
            {
                throw Protocol("a tag or response name longer than 1024 bytes");
            }

            await FillOrThrowAsync(ct).ConfigureAwait(false);
        }
    }

    private async ValueTask ExpectSpaceAsync(CancellationToken ct)
    {
        var b = await PeekAsync(ct).ConfigureAwait(false);
        if (b == ' ')
        {
            connection.Advance(1);
        }

        // A missing space ("* OK\r\n", "+\r\n") is tolerated; the caller sees an empty word or the end of the line.
    }

    private async ValueTask<string> ReadTextToEndOfLineAsync(bool skipSpace, CancellationToken ct)
    {
        var line = await ReadLineAsync(ct).ConfigureAwait(false);
        var start = skipSpace && line.Length > 0 && line[0] == ' ' ? 1 : 0;
        return Encoding.UTF8.GetString(line, start, line.Length - start);
    }

    private ValueTask<byte[]> ReadLineAsync(CancellationToken ct) => connection.ReadLineBytesAsync(limits.MaxTokenLength, ct);

    private async ValueTask ReadEndOfLineAsync(CancellationToken ct)
    {
        var b = await PeekAsync(ct).ConfigureAwait(false);
        if (b == '\r')
        {
            connection.Advance(1);
            b = await PeekAsync(ct).ConfigureAwait(false);
        }

        if (b != '\n')
        {
            throw Protocol("a bare CR");
        }

        connection.Advance(1);
    }

    private async ValueTask<byte> PeekAsync(CancellationToken ct)
    {
        if (connection.Buffered.IsEmpty)
        {
            await FillOrThrowAsync(ct).ConfigureAwait(false);
        }

        return connection.Buffered[0];
    }

    private async ValueTask FillOrThrowAsync(CancellationToken ct)
    {
        if (!await connection.FillAsync(ct).ConfigureAwait(false))
        {
            throw new IOException("The IMAP server closed the connection.");
        }
    }

    private static MailProtocolException Protocol(string what) => new($"The IMAP server sent {what}.");

    private static string Shorten(string s) => s.Length > 40 ? s[..40] + "..." : s;
}
