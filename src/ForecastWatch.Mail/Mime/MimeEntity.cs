using ForecastWatch.Mail.Encodings;

namespace ForecastWatch.Mail.Mime;

/// <summary>One node of a parsed message: a <see cref="MimePart"/>, a <see cref="Multipart"/> or a <see cref="MessagePart"/>.</summary>
public abstract class MimeEntity
{
    private readonly List<MimeDefect> _defects = [];
    private ContentDisposition? _disposition;
    private bool _dispositionParsed;

    private protected MimeEntity(MimeHeaderList headers, ContentType contentType, ContentEncoding encoding, long offset, int line)
    {
        Headers = headers;
        ContentType = contentType;
        ContentTransferEncoding = encoding;
        Offset = offset;
        Line = line;
    }

    /// <summary>The entity's header fields in order.</summary>
    public MimeHeaderList Headers { get; }

    /// <summary>The Content-Type, text/plain (or message/rfc822 inside multipart/digest) when absent or malformed.</summary>
    public ContentType ContentType { get; }

    /// <summary>The Content-Transfer-Encoding.</summary>
    public ContentEncoding ContentTransferEncoding { get; }

    /// <summary>The Content-Disposition, or null.</summary>
    public ContentDisposition? ContentDisposition
    {
        get
        {
            if (!_dispositionParsed)
            {
                _dispositionParsed = true;
                var h = Headers.Find("Content-Disposition");
                if (h is not null)
                {
                    _disposition = ContentDisposition.Parse(h.GetParseBytes(), throwOnError: false, out var malformed);
                    if (malformed)
                    {
                        AddDefect(new MimeDefect(MimeDefectKind.MalformedHeader, h.Offset, h.Line, "Content-Disposition"));
                    }
                }
            }

            return _disposition;
        }
    }

    /// <summary>The Content-ID without angle brackets, or null.</summary>
    public string? ContentId
    {
        get
        {
            var v = Headers["Content-ID"];
            return v is null ? null : v.Trim().TrimStart('<').TrimEnd('>');
        }
    }

    /// <summary>The file name from Content-Disposition filename, else Content-Type name (RFC 2231/2047 decoded), or null.</summary>
    public string? FileName
    {
        get
        {
            var name = ContentDisposition?.FileName ?? ContentType.Name;
            return string.IsNullOrWhiteSpace(name) ? null : Path.GetFileName(name.Replace('\\', '/').Trim());
        }
    }

    /// <summary>Byte offset of the entity's first header in the parsed stream.</summary>
    public long Offset { get; }

    /// <summary>1-based line of the entity's first header.</summary>
    public int Line { get; }

    /// <summary>Defects found in this entity (including ones found later while decoding it).</summary>
    public IReadOnlyList<MimeDefect> Defects => _defects;

    internal void AddDefect(MimeDefect defect)
    {
        // Lazy decoding may run more than once; record each problem once.
        if (!_defects.Contains(defect))
        {
            _defects.Add(defect);
        }
    }

    /// <summary>This entity and every entity below it, depth first (embedded messages included).</summary>
    public IEnumerable<MimeEntity> DescendantsAndSelf()
    {
        var stack = new Stack<MimeEntity>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            yield return e;
            if (e is Multipart m)
            {
                for (var i = m.Children.Count - 1; i >= 0; i--)
                {
                    stack.Push(m.Children[i]);
                }
            }
            else if (e is MessagePart { Message.Body: { } inner })
            {
                stack.Push(inner);
            }
        }
    }
}

/// <summary>A multipart/* entity (RFC 2046 section 5.1): children plus preamble and epilogue.</summary>
public sealed class Multipart : MimeEntity
{
    internal Multipart(MimeHeaderList headers, ContentType contentType, ContentEncoding encoding, long offset, int line)
        : base(headers, contentType, encoding, offset, line)
    {
    }

    /// <summary>The body parts in order.</summary>
    public IReadOnlyList<MimeEntity> Children => ChildList;

    internal List<MimeEntity> ChildList { get; } = [];

    /// <summary>The boundary parameter.</summary>
    public string Boundary => ContentType.Boundary ?? string.Empty;

    internal MimeContent? Preamble { get; set; }

    internal MimeContent? Epilogue { get; set; }

    /// <summary>The preamble text (before the first boundary), or null.</summary>
    public string? PreambleText => Preamble is { Length: > 0 } p ? p.GetRawText() : null;

    /// <summary>The epilogue text (after the closing boundary), or null.</summary>
    public string? EpilogueText => Epilogue is { Length: > 0 } p ? p.GetRawText() : null;
}

/// <summary>A message/rfc822 (or message/global) entity: an embedded message, e.g. a forwarded mail or a bounced original.</summary>
public sealed class MessagePart : MimeEntity
{
    internal MessagePart(MimeHeaderList headers, ContentType contentType, ContentEncoding encoding, long offset, int line)
        : base(headers, contentType, encoding, offset, line)
    {
    }

    /// <summary>The embedded message (shares the outer message's storage and lifetime).</summary>
    public MimeMessage? Message { get; internal set; }
}
