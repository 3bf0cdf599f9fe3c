using System.Globalization;
using System.Text;

namespace ForecastWatch.Mail.Imap;

/// <summary>
/// The fast path: a synchronous parse of one whole response from the read-ahead buffer, with no await per byte or
/// token. It consumes nothing unless the response is complete, and it leaves anything unusual (a literal to spool,
/// a limit reached, malformed input, literal8) to the incremental reader, which then produces the same result or
/// the same error it always did.
/// </summary>
internal sealed partial class ImapResponseParser
{
    // Refills tried before handing a response that straddles reads to the incremental reader (bounds the re-parsing
    // a server dribbling one byte per packet could cause).
    private const int MaxBufferedAttempts = 4;

    private readonly List<ImapLiteral> rentedInAttempt = [];

    private enum Buffered
    {
        Done,
        NeedMore,
        Fallback,
    }

    public ValueTask<ImapResponse> ReadResponseAsync(CancellationToken ct)
    {
        if (!limits.BufferedFastPath)
        {
            return ReadIncrementalAsync(ct);
        }

        return TryReadBuffered(out var response) switch
        {
            Buffered.Done => ValueTask.FromResult(response!),
            Buffered.NeedMore => ReadWithRefillAsync(ct),
            _ => ReadIncrementalAsync(ct),
        };
    }

    private Buffered TryReadBuffered(out ImapResponse? response)
    {
        var result = ParseBuffered(connection.Buffered, out response, out var consumed);
        if (result == Buffered.Done)
        {
            connection.Advance(consumed);
        }
        else
        {
            // The response will be parsed again: give back the buffers this attempt rented.
            foreach (var literal in rentedInAttempt)
            {
                literal.Dispose();
            }
        }

        rentedInAttempt.Clear();
        return result;
    }

    private async ValueTask<ImapResponse> ReadWithRefillAsync(CancellationToken ct)
    {
        for (var attempt = 0; attempt < MaxBufferedAttempts; attempt++)
        {
            // A response that fills half the buffer goes to the incremental reader, which streams its literals.
            if (connection.Buffered.Length >= connection.BufferCapacity / 2 || !await connection.FillAsync(ct).ConfigureAwait(false))
            {
                break;
            }

            var result = TryReadBuffered(out var response);
            if (result == Buffered.Done)
            {
                return response!;
            }

            if (result == Buffered.Fallback)
            {
                break;
            }
        }

        return await ReadIncrementalAsync(ct).ConfigureAwait(false);
    }

    private Buffered ParseBuffered(ReadOnlySpan<byte> s, out ImapResponse? response, out int consumed)
    {
        response = null;
        consumed = 0;
        if (s.IsEmpty)
        {
            return Buffered.NeedMore;
        }

        var pos = 1;
        Buffered r;
        switch (s[0])
        {
            case (byte)'+':
                r = TakeLine(s, ref pos, out var text);
                if (r == Buffered.Done)
                {
                    var skip = text.Length > 0 && text[0] == ' ' ? 1 : 0;
                    response = new ImapResponse { Kind = ImapResponseKind.Continuation, Text = Encoding.UTF8.GetString(text[skip..]) };
                }

                break;
            case (byte)'*':
                r = ParseUntagged(s, ref pos, out response);
                break;
            default:
                pos = 0;
                r = ParseTagged(s, ref pos, out response);
                break;
        }

        consumed = pos;
        return r;
    }

    private Buffered ParseUntagged(ReadOnlySpan<byte> s, ref int pos, out ImapResponse? response)
    {
        response = null;
        ReadOnlySpan<byte> word = default;
        var r = SkipSpace(s, ref pos);
        if (r == Buffered.Done)
        {
            r = TakeWord(s, ref pos, out word);
        }

        if (r != Buffered.Done)
        {
            return r;
        }

        var values = new List<ImapValue>();
        if (uint.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            r = SkipSpace(s, ref pos);
            if (r == Buffered.Done)
            {
                r = TakeWord(s, ref pos, out var nameWord);
                if (r == Buffered.Done)
                {
                    var name = UpperName(nameWord);
                    r = ParseValuesToEndOfLine(s, ref pos, values);
                    response = new ImapResponse { Kind = ImapResponseKind.Untagged, Number = number, Name = name, Values = values };
                }
            }

            return r;
        }

        var upper = UpperName(word);
        if (TryParseStatus(upper, out var status))
        {
            r = TakeLine(s, ref pos, out var line);
            if (r == Buffered.Done)
            {
                response = BuildStatusResponse(ImapResponseKind.Untagged, null, status, line);
            }

            return r;
        }

        r = ParseValuesToEndOfLine(s, ref pos, values);
        response = new ImapResponse { Kind = ImapResponseKind.Untagged, Name = upper, Values = values };
        return r;
    }

    private Buffered ParseTagged(ReadOnlySpan<byte> s, ref int pos, out ImapResponse? response)
    {
        response = null;
        var r = TakeWord(s, ref pos, out var tagWord);
        if (r != Buffered.Done)
        {
            return r;
        }

        if (tagWord.IsEmpty)
        {
            return Buffered.Fallback;
        }

        r = SkipSpace(s, ref pos);
        if (r == Buffered.Done)
        {
            r = TakeWord(s, ref pos, out var statusWord);
            if (r == Buffered.Done)
            {
                if (!TryParseStatus(UpperName(statusWord), out var status) || status == ImapStatus.Preauth)
                {
                    return Buffered.Fallback;
                }

                r = TakeLine(s, ref pos, out var line);
                if (r == Buffered.Done)
                {
                    response = BuildStatusResponse(ImapResponseKind.Tagged, Encoding.UTF8.GetString(tagWord), status, line);
                }
            }
        }

        return r;
    }

    /// <summary>The names we see all the time come back as literals, so they cost no allocation.</summary>
    private static string UpperName(ReadOnlySpan<byte> word)
    {
        if (Ascii.EqualsIgnoreCase(word, "FETCH"u8))
        {
            return "FETCH";
        }

        if (Ascii.EqualsIgnoreCase(word, "OK"u8))
        {
            return "OK";
        }

        if (Ascii.EqualsIgnoreCase(word, "EXISTS"u8))
        {
            return "EXISTS";
        }

        return Encoding.UTF8.GetString(word).ToUpperInvariant();
    }

    /// <summary>The optional single space between response words (a missing one is tolerated, as in the slow path).</summary>
    private static Buffered SkipSpace(ReadOnlySpan<byte> s, ref int pos)
    {
        if (pos >= s.Length)
        {
            return Buffered.NeedMore;
        }

        if (s[pos] == ' ')
        {
            pos++;
        }

        return Buffered.Done;
    }

    private static Buffered TakeWord(ReadOnlySpan<byte> s, scoped ref int pos, out ReadOnlySpan<byte> word)
    {
        word = default;
        var i = s[pos..].IndexOfAny((byte)' ', (byte)'\r', (byte)'\n');
        if (i < 0)
        {
            return s.Length - pos > 1024 ? Buffered.Fallback : Buffered.NeedMore;
        }

        word = s.Slice(pos, i);
        pos += i;
        return Buffered.Done;
    }

    /// <summary>The rest of the line without its CRLF (or bare LF), as <see cref="MailConnection.ReadLineBytesAsync"/> reads it.</summary>
    private Buffered TakeLine(ReadOnlySpan<byte> s, scoped ref int pos, out ReadOnlySpan<byte> line)
    {
        line = default;
        var lf = s[pos..].IndexOf((byte)'\n');
        if (lf < 0)
        {
            return s.Length - pos > limits.MaxTokenLength ? Buffered.Fallback : Buffered.NeedMore;
        }

        line = s.Slice(pos, lf > 0 && s[pos + lf - 1] == '\r' ? lf - 1 : lf);
        pos += lf + 1;
        return Buffered.Done;
    }

    private Buffered ParseValuesToEndOfLine(ReadOnlySpan<byte> s, ref int pos, List<ImapValue> values)
    {
        while (pos < s.Length)
        {
            var b = s[pos];
            if (b == ' ' || b == ')')
            {
                // An unbalanced ')' at the top level is noise from buggy servers, as in the slow path.
                pos++;
            }
            else if (b == '\n')
            {
                pos++;
                return Buffered.Done;
            }
            else if (b == '\r')
            {
                if (pos + 1 >= s.Length)
                {
                    return Buffered.NeedMore;
                }

                if (s[pos + 1] != '\n')
                {
                    return Buffered.Fallback;
                }

                pos += 2;
                return Buffered.Done;
            }
            else
            {
                var r = ParseValue(s, ref pos, 0, out var value);
                if (r != Buffered.Done)
                {
                    return r;
                }

                values.Add(value!);
                if (values.Count > limits.MaxValuesPerList)
                {
                    return Buffered.Fallback;
                }
            }
        }

        return Buffered.NeedMore;
    }

    private Buffered ParseValue(ReadOnlySpan<byte> s, ref int pos, int depth, out ImapValue? value)
    {
        value = null;
        switch (s[pos])
        {
            case (byte)'(':
                return ParseList(s, ref pos, depth + 1, out value);
            case (byte)'"':
                return ParseQuoted(s, ref pos, out value);
            case (byte)'{':
                return ParseLiteral(s, ref pos, out value);
            case (byte)'~':
                return Buffered.Fallback;
            default:
                return ParseAtom(s, ref pos, out value);
        }
    }

    private Buffered ParseList(ReadOnlySpan<byte> s, ref int pos, int depth, out ImapValue? value)
    {
        value = null;
        if (depth > limits.MaxDepth)
        {
            return Buffered.Fallback;
        }

        pos++;
        var items = new List<ImapValue>();
        while (pos < s.Length)
        {
            var b = s[pos];
            if (b == ' ')
            {
                pos++;
            }
            else if (b == ')')
            {
                pos++;
                value = ImapValue.List(items);
                return Buffered.Done;
            }
            else if (b is (byte)'\r' or (byte)'\n')
            {
                return Buffered.Fallback;
            }
            else
            {
                var r = ParseValue(s, ref pos, depth, out var item);
                if (r != Buffered.Done)
                {
                    return r;
                }

                items.Add(item!);
                if (items.Count > limits.MaxValuesPerList)
                {
                    return Buffered.Fallback;
                }
            }
        }

        return Buffered.NeedMore;
    }

    /// <summary>An atom; '[' ... ']' may hold spaces and parentheses (BODY[HEADER.FIELDS (SUBJECT)]), as in the slow path.</summary>
    private Buffered ParseAtom(ReadOnlySpan<byte> s, ref int pos, out ImapValue? value)
    {
        value = null;
        var depth = 0;
        for (var i = pos; i < s.Length; i++)
        {
            var b = s[i];
            if (b is (byte)'\r' or (byte)'\n' || (depth == 0 && b is (byte)' ' or (byte)'(' or (byte)')' or (byte)'"'))
            {
                var atom = s[pos..i];
                if (atom.IsEmpty || atom.Length > limits.MaxTokenLength)
                {
                    return Buffered.Fallback;
                }

                pos = i;
                value = Ascii.EqualsIgnoreCase(atom, "NIL"u8) ? ImapValue.NilValue : ImapValue.Atom(AtomText(atom));
                return Buffered.Done;
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

        return s.Length - pos > limits.MaxTokenLength ? Buffered.Fallback : Buffered.NeedMore;
    }

    /// <summary>FETCH item names repeat in every response: hand out the same string instead of a new one each time.</summary>
    private static string AtomText(ReadOnlySpan<byte> atom) => atom switch
    {
        _ when atom.SequenceEqual("UID"u8) => "UID",
        _ when atom.SequenceEqual("FLAGS"u8) => "FLAGS",
        _ when atom.SequenceEqual("RFC822.SIZE"u8) => "RFC822.SIZE",
        _ when atom.SequenceEqual("INTERNALDATE"u8) => "INTERNALDATE",
        _ when atom.SequenceEqual("ENVELOPE"u8) => "ENVELOPE",
        _ when atom.SequenceEqual("BODY[]"u8) => "BODY[]",
        _ when atom.SequenceEqual("BODY[HEADER]"u8) => "BODY[HEADER]",
        _ when atom.SequenceEqual("\\Seen"u8) => "\\Seen",
        _ => Encoding.UTF8.GetString(atom),
    };

    private Buffered ParseQuoted(ReadOnlySpan<byte> s, ref int pos, out ImapValue? value)
    {
        value = null;
        var start = pos + 1;
        var i = s[start..].IndexOfAny((byte)'"', (byte)'\\', (byte)'\n');
        if (i >= 0 && s[start + i] == '"')
        {
            // No escapes: the common case, decoded straight from the buffer.
            if (i > limits.MaxTokenLength)
            {
                return Buffered.Fallback;
            }

            pos = start + i + 1;
            value = ImapValue.Quoted(Encoding.UTF8.GetString(s.Slice(start, i)));
            return Buffered.Done;
        }

        var bytes = new List<byte>();
        var p = start;
        while (true)
        {
            i = s[p..].IndexOfAny((byte)'"', (byte)'\\', (byte)'\n');
            if (i < 0 || (s[p + i] == '\\' && p + i + 1 >= s.Length))
            {
                return s.Length - start > limits.MaxTokenLength ? Buffered.Fallback : Buffered.NeedMore;
            }

            for (var k = 0; k < i; k++)
            {
                bytes.Add(s[p + k]);
            }

            var b = s[p + i];
            if (b == '\n' || bytes.Count > limits.MaxTokenLength)
            {
                return Buffered.Fallback;
            }

            if (b == '"')
            {
                pos = p + i + 1;
                value = ImapValue.Quoted(Encoding.UTF8.GetString([.. bytes]));
                return Buffered.Done;
            }

            bytes.Add(s[p + i + 1]);
            p += i + 2;
        }
    }

    private Buffered ParseLiteral(ReadOnlySpan<byte> s, ref int pos, out ImapValue? value)
    {
        value = null;
        var p = pos + 1;
        long length = 0;
        var digits = 0;
        while (true)
        {
            if (p >= s.Length)
            {
                return Buffered.NeedMore;
            }

            var b = s[p++];
            if (char.IsAsciiDigit((char)b))
            {
                length = (length * 10) + (b - '0');
                if (++digits > 19 || length > limits.MaxLiteralSize)
                {
                    return Buffered.Fallback;
                }
            }
            else if (b == '}' && digits > 0)
            {
                break;
            }
            else if (b == '+' && digits > 0)
            {
                // RFC 7888 non-synchronizing form; the odder spellings the slow path tolerates are left to it.
                if (p >= s.Length)
                {
                    return Buffered.NeedMore;
                }

                if (s[p] != '}')
                {
                    return Buffered.Fallback;
                }
            }
            else
            {
                return Buffered.Fallback;
            }
        }

        if (p < s.Length && s[p] == '\r')
        {
            p++;
        }

        if (p >= s.Length)
        {
            return Buffered.NeedMore;
        }

        if (s[p++] != '\n' || length > limits.MemoryLiteralLimit)
        {
            return Buffered.Fallback;
        }

        if (s.Length - p < length)
        {
            return Buffered.NeedMore;
        }

        var literal = ImapLiteral.CopyToPooled(s.Slice(p, (int)length));
        rentedInAttempt.Add(literal);
        value = ImapValue.FromLiteral(literal);
        pos = p + (int)length;
        return Buffered.Done;
    }
}
