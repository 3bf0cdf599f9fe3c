using ForecastWatch.Mail.IO;

namespace ForecastWatch.Mail.Mime;

/// <summary>
/// A parsed message. Loading never throws on malformed input: what could be read is exposed with <see cref="Defects"/>.
/// Bodies stay in a spool (memory, or a temporary file past <see cref="MimeParserOptions.MemorySpoolThreshold"/>)
/// until decoded on demand; dispose the message to release it. Not thread-safe.
/// </summary>
public sealed class MimeMessage : IDisposable
{
    private readonly ContentSpool? _ownedSpool;
    private InternetAddressList? _from;
    private InternetAddressList? _to;
    private InternetAddressList? _cc;
    private InternetAddressList? _bcc;
    private InternetAddressList? _replyTo;
    private string? _subject;
    private bool _subjectDone;
    private (bool Done, DateTimeOffset? Value) _date;
    private (bool Done, MimePart? Text, MimePart? Html) _bodies;
    private string? _textBody;
    private string? _htmlBody;
    private bool _textDone;
    private bool _htmlDone;
    private IReadOnlyList<MimeAttachment>? _attachments;
    private (bool Done, DeliveryStatusReport? Value) _dsn;

    internal MimeMessage(MimeEntity body, ContentSpool? ownedSpool)
    {
        Body = body;
        _ownedSpool = ownedSpool;
    }

    /// <summary>The top-level entity (its headers are the message headers).</summary>
    public MimeEntity Body { get; }

    /// <summary>All header fields in order, raw and decoded.</summary>
    public MimeHeaderList Headers => Body.Headers;

    /// <summary>From (all From fields combined).</summary>
    public InternetAddressList From => _from ??= Addresses("From");

    /// <summary>To.</summary>
    public InternetAddressList To => _to ??= Addresses("To");

    /// <summary>Cc.</summary>
    public InternetAddressList Cc => _cc ??= Addresses("Cc");

    /// <summary>Bcc.</summary>
    public InternetAddressList Bcc => _bcc ??= Addresses("Bcc");

    /// <summary>Reply-To.</summary>
    public InternetAddressList ReplyTo => _replyTo ??= Addresses("Reply-To");

    /// <summary>The Sender mailbox, or null.</summary>
    public MailboxAddress? Sender => Addresses("Sender").Mailboxes.FirstOrDefault();

    /// <summary>The decoded Subject, or null.</summary>
    public string? Subject
    {
        get
        {
            if (!_subjectDone)
            {
                _subjectDone = true;
                var h = Headers.Find("Subject");
                if (h is not null)
                {
                    var raw = h.GetUnfoldedRawValue();
                    _subject = Rfc2047.DecodeText(raw, out var defect);
                    if (defect)
                    {
                        Body.AddDefect(new MimeDefect(MimeDefectKind.MalformedEncodedWord, h.Offset, h.Line, "Subject"));
                    }
                }
            }

            return _subject;
        }
    }

    /// <summary>The Date, or null when absent or unparseable (a defect is recorded).</summary>
    public DateTimeOffset? Date
    {
        get
        {
            if (!_date.Done)
            {
                DateTimeOffset? value = null;
                var h = Headers.Find("Date");
                if (h is not null)
                {
                    if (MimeDate.TryParse(h.GetUnfoldedRawValue(), out var d))
                    {
                        value = d;
                    }
                    else
                    {
                        Body.AddDefect(new MimeDefect(MimeDefectKind.MalformedDate, h.Offset, h.Line, h.Value));
                    }
                }

                _date = (true, value);
            }

            return _date.Value;
        }
    }

    /// <summary>The Message-ID without angle brackets, or null.</summary>
    public string? MessageId => FirstId("Message-ID");

    /// <summary>The first id of In-Reply-To, without angle brackets, or null.</summary>
    public string? InReplyTo => FirstId("In-Reply-To");

    /// <summary>The ids of References, oldest first, without angle brackets.</summary>
    public IReadOnlyList<string> References
    {
        get
        {
            var ids = new List<string>();
            foreach (var h in Headers.GetAll("References"))
            {
                ids.AddRange(MessageIds.ParseList(h.GetUnfoldedRawValue()));
            }

            return ids;
        }
    }

    /// <summary>The part chosen as the plain-text body, or null.</summary>
    public MimePart? TextPart => Bodies().Text;

    /// <summary>The part chosen as the HTML body, or null.</summary>
    public MimePart? HtmlPart => Bodies().Html;

    /// <summary>The plain-text body decoded, or null.</summary>
    public string? TextBody
    {
        get
        {
            if (!_textDone)
            {
                _textDone = true;
                _textBody = TextPart?.GetText();
            }

            return _textBody;
        }
    }

    /// <summary>The HTML body decoded, or null.</summary>
    public string? HtmlBody
    {
        get
        {
            if (!_htmlDone)
            {
                _htmlDone = true;
                _htmlBody = HtmlPart?.GetText();
            }

            return _htmlBody;
        }
    }

    /// <summary>The plain-text body, or the HTML body converted to readable text, or an empty string.</summary>
    public string GetBodyText() => TextBody ?? (HtmlBody is { } html ? HtmlText.ToText(html) : string.Empty);

    /// <summary>Attachments: parts with a file name or attachment disposition, non-text parts, and attached messages.</summary>
    public IReadOnlyList<MimeAttachment> Attachments => _attachments ??= FindAttachments();

    /// <summary>Every defect found in the message and its parts so far, in stream order.</summary>
    public IReadOnlyList<MimeDefect> Defects
    {
        get
        {
            var all = new List<MimeDefect>();
            foreach (var e in Body.DescendantsAndSelf())
            {
                all.AddRange(e.Defects);
            }

            all.Sort(static (a, b) => a.Offset.CompareTo(b.Offset));
            return all;
        }
    }

    /// <summary>The delivery status notification (RFC 3464) if this message is a multipart/report DSN, else null.</summary>
    public DeliveryStatusReport? DeliveryStatus
    {
        get
        {
            if (!_dsn.Done)
            {
                _dsn = (true, DeliveryStatusReport.From(this));
            }

            return _dsn.Value;
        }
    }

    /// <summary>
    /// Parses a message from <paramref name="stream"/>. Never throws for malformed input (see <see cref="Defects"/>);
    /// only I/O errors and cancellation propagate. The stream is read to its end and not disposed.
    /// </summary>
    public static async Task<MimeMessage> LoadAsync(Stream stream, MimeParserOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= MimeParserOptions.Default;
        options.Validate();
        var spool = new ContentSpool(options.MemorySpoolThreshold, options.TempDirectory);
        try
        {
            var builder = new MimeTreeBuilder(spool);
            using (var reader = new MimeReader(stream, options, builder))
            {
                await reader.ReadMessageAsync(cancellationToken).ConfigureAwait(false);
            }

            return builder.Root ?? throw new InvalidOperationException("The reader produced no message.");
        }
        catch
        {
            spool.Dispose();
            throw;
        }
    }

    /// <summary>Writes the message: parsed headers byte for byte, bodies as received (still encoded), CRLF line ends.</summary>
    public Task WriteToAsync(Stream stream, CancellationToken cancellationToken = default) =>
        MimeEntityWriter.WriteAsync(Body, stream, cancellationToken);

    /// <summary>Releases the spool (pooled memory or temporary file). Parts cannot be decoded afterwards.</summary>
    public void Dispose() => _ownedSpool?.Dispose();

    private InternetAddressList Addresses(string name)
    {
        List<InternetAddress>? all = null;
        foreach (var h in Headers.GetAll(name))
        {
            var list = AddressParser.Parse(h.GetUnfoldedRawValue(), out var clean);
            if (!clean)
            {
                Body.AddDefect(new MimeDefect(MimeDefectKind.MalformedAddress, h.Offset, h.Line, name));
            }

            (all ??= []).AddRange(list);
        }

        return all is null ? InternetAddressList.Empty : new InternetAddressList(all);
    }

    private string? FirstId(string name)
    {
        var h = Headers.Find(name);
        if (h is null)
        {
            return null;
        }

        var ids = MessageIds.ParseList(h.GetUnfoldedRawValue());
        return ids.Count > 0 ? ids[0] : null;
    }

    private (bool Done, MimePart? Text, MimePart? Html) Bodies()
    {
        if (!_bodies.Done)
        {
            _bodies = (true, FindBody(Body, "plain", 0), FindBody(Body, "html", 0));
        }

        return _bodies;
    }

    private static MimePart? FindBody(MimeEntity entity, string subtype, int depth)
    {
        switch (entity)
        {
            case MimePart p when p.ContentType.IsMimeType("text", subtype) && IsBodyCandidate(p):
                return p;
            case Multipart m when depth < 64:
                foreach (var child in m.Children)
                {
                    var found = FindBody(child, subtype, depth + 1);
                    if (found is not null)
                    {
                        return found;
                    }

                    // In multipart/mixed only the leading text run is the body; later text parts are attachments.
                    if (m.ContentType.MediaSubtype == "mixed" && child is MimePart { ContentType.MediaType: not "text" })
                    {
                        break;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool IsBodyCandidate(MimePart p)
    {
        var disposition = p.ContentDisposition;
        if (disposition is { IsAttachment: true })
        {
            return false;
        }

        return p.FileName is null || disposition?.Disposition == "inline";
    }

    private List<MimeAttachment> FindAttachments()
    {
        var result = new List<MimeAttachment>();
        var (_, text, html) = Bodies();
        var stack = new Stack<MimeEntity>();
        stack.Push(Body);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            switch (e)
            {
                case Multipart m:
                    for (var i = m.Children.Count - 1; i >= 0; i--)
                    {
                        stack.Push(m.Children[i]);
                    }

                    break;
                case MessagePart mp when mp != Body:
                    result.Add(new MimeAttachment(mp));
                    break;
                case MimePart p when p != text && p != html:
                    var type = p.ContentType;
                    var report = type.MediaType == "message" || type.IsMimeType("text", "rfc822-headers");
                    if (p.IsAttachment || (type.MediaType != "text" && !report))
                    {
                        result.Add(new MimeAttachment(p));
                    }

                    break;
            }
        }

        return result;
    }
}
