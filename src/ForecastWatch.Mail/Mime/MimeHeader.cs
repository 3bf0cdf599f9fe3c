using System.Text;

namespace ForecastWatch.Mail.Mime;

/// <summary>
/// One header field. Parsed fields keep their raw bytes (written back unchanged) and decode lazily: <see cref="Value"/>
/// is the unfolded text with RFC 2047 encoded-words decoded.
/// </summary>
public sealed class MimeHeader
{
    private readonly ReadOnlyMemory<byte> _field;
    private readonly int _valueStart;
    private readonly int _nameLength;
    private string? _name;
    private string? _value;

    // The name string is made on first use: most fields are never looked at by name, only matched (NameEquals).
    internal MimeHeader(ReadOnlyMemory<byte> field, int nameLength, int valueStart, long offset, int line)
    {
        _nameLength = nameLength;
        _field = field;
        _valueStart = valueStart;
        Offset = offset;
        Line = line;
    }

    /// <summary>Creates a header to write; a non-ASCII <paramref name="value"/> is written as RFC 2047 encoded-words.</summary>
    public MimeHeader(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in name)
        {
            if (c is <= ' ' or >= '\u007f' or ':')
            {
                throw new ArgumentException($"'{name}' is not a valid header field name (RFC 5322 section 2.2).", nameof(name));
            }
        }

        _name = name;
        _value = value;
        Offset = -1;
    }

    /// <summary>The field name as it appeared (compare with <see cref="StringComparison.OrdinalIgnoreCase"/>).</summary>
    public string Name => _name ??= HeaderNames.Get(_field.Span[.._nameLength]);

    /// <summary>ASCII case-insensitive name comparison without materializing the name.</summary>
    internal bool NameEquals(string name) =>
        _name is not null ? _name.Equals(name, StringComparison.OrdinalIgnoreCase) : Ascii.EqualsIgnoreCase(_field.Span[.._nameLength], name);

    /// <summary>The raw bytes after the colon, folding included, without the final line break (empty for created headers).</summary>
    public ReadOnlyMemory<byte> RawValue => _field.IsEmpty ? default : _field[_valueStart..];

    /// <summary>The whole raw field "Name: value" as read, without the final line break (empty for created headers).</summary>
    public ReadOnlyMemory<byte> RawField => _field;

    /// <summary>True for headers read from input (written back byte for byte).</summary>
    public bool IsRaw => !_field.IsEmpty || Offset >= 0;

    /// <summary>Unfolded, trimmed, with encoded-words decoded (RFC 5322 section 2.2.3, RFC 2047).</summary>
    public string Value => _value ??= DecodeValue();

    /// <summary>Byte offset of the field in the parsed stream, or -1 for created headers.</summary>
    public long Offset { get; }

    /// <summary>1-based line of the field in the parsed stream, or 0 for created headers.</summary>
    public int Line { get; }

    /// <summary>The raw value unfolded and trimmed, still encoded (for structured parsers).</summary>
    internal byte[] GetUnfoldedRawValue() => Unfold(RawValue.Span);

    /// <summary>Raw value bytes for structured parsing: unfolded; created headers give their value as UTF-8.</summary>
    internal ReadOnlySpan<byte> GetParseBytes() => _field.IsEmpty ? Encoding.UTF8.GetBytes(_value ?? "") : Unfold(RawValue.Span);

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Value}";

    internal static byte[] Unfold(ReadOnlySpan<byte> raw)
    {
        raw = raw.Trim(" \t\r\n"u8);
        if (raw.IndexOfAny((byte)'\r', (byte)'\n') < 0)
        {
            return raw.ToArray();
        }

        var result = new byte[raw.Length];
        var n = 0;
        foreach (var b in raw)
        {
            if (b is not ((byte)'\r' or (byte)'\n'))
            {
                result[n++] = b;
            }
        }

        return result.AsSpan(0, n).ToArray();
    }

    private string DecodeValue()
    {
        var raw = RawValue.Span.Trim(" \t\r\n"u8);
        if (raw.IndexOfAny((byte)'\r', (byte)'\n') >= 0)
        {
            raw = Unfold(raw);
        }

        return Rfc2047.DecodeText(raw, out _);
    }
}
