using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using ForecastWatch.Mail.Encodings;
using ForecastWatch.Mail.IO;

namespace ForecastWatch.Mail.Mime;

/// <summary>
/// Composes a message: <c>new MimeMessageBuilder().From(...).To(...).Subject(...).TextBody(...).HtmlBody(...).Attach(...)</c>,
/// then <see cref="WriteToAsync(Stream, CancellationToken)"/> or <see cref="ToBytes"/>. Text goes out as UTF-8 in 7bit,
/// quoted-printable or base64, whichever the content needs; non-ASCII headers as RFC 2047 encoded-words.
/// </summary>
public sealed class MimeMessageBuilder
{
    private readonly List<MailboxAddress> _from = [];
    private readonly List<InternetAddress> _to = [];
    private readonly List<InternetAddress> _cc = [];
    private readonly List<InternetAddress> _bcc = [];
    private readonly List<MailboxAddress> _replyTo = [];
    private readonly List<string> _references = [];
    private readonly List<(string Name, string Value)> _extra = [];
    private readonly List<Attachment> _attachments = [];
    private MailboxAddress? _sender;
    private string? _subject;
    private DateTimeOffset? _date;
    private string? _messageId;
    private string? _inReplyTo;
    private string? _text;
    private string? _html;

    private sealed record Attachment(string FileName, ContentType ContentType, byte[]? Bytes, Stream? Stream);

    /// <summary>The Message-ID set or generated so far (no angle brackets), or null.</summary>
    public string? MessageIdValue => _messageId;

    /// <summary>Adds a From mailbox.</summary>
    public MimeMessageBuilder From(MailboxAddress mailbox) => Add(_from, mailbox);

    /// <summary>Adds a From mailbox.</summary>
    public MimeMessageBuilder From(string address, string? name = null) => From(new MailboxAddress(name, address));

    /// <summary>Adds To addresses.</summary>
    public MimeMessageBuilder To(params InternetAddress[] addresses) => AddRange(_to, addresses);

    /// <summary>Adds a To mailbox.</summary>
    public MimeMessageBuilder To(string address, string? name = null) => To(new MailboxAddress(name, address));

    /// <summary>Adds Cc addresses.</summary>
    public MimeMessageBuilder Cc(params InternetAddress[] addresses) => AddRange(_cc, addresses);

    /// <summary>Adds a Cc mailbox.</summary>
    public MimeMessageBuilder Cc(string address, string? name = null) => Cc(new MailboxAddress(name, address));

    /// <summary>Adds Bcc recipients: returned by <see cref="GetRecipients"/> for the envelope, never written as a header.</summary>
    public MimeMessageBuilder Bcc(params InternetAddress[] addresses) => AddRange(_bcc, addresses);

    /// <summary>Adds a Reply-To mailbox.</summary>
    public MimeMessageBuilder ReplyTo(MailboxAddress mailbox) => Add(_replyTo, mailbox);

    /// <summary>Adds a Reply-To mailbox.</summary>
    public MimeMessageBuilder ReplyTo(string address, string? name = null) => ReplyTo(new MailboxAddress(name, address));

    /// <summary>Sets Sender (RFC 5322 section 3.6.2).</summary>
    public MimeMessageBuilder Sender(MailboxAddress mailbox)
    {
        _sender = mailbox ?? throw new ArgumentNullException(nameof(mailbox));
        return this;
    }

    /// <summary>Sets the Subject.</summary>
    public MimeMessageBuilder Subject(string subject)
    {
        _subject = subject ?? throw new ArgumentNullException(nameof(subject));
        return this;
    }

    /// <summary>Sets the Date (the builder has no clock: pass <c>timeProvider.GetUtcNow()</c>). Without it no Date is written.</summary>
    public MimeMessageBuilder Date(DateTimeOffset date)
    {
        _date = date;
        return this;
    }

    /// <summary>Sets the Message-ID (with or without angle brackets).</summary>
    public MimeMessageBuilder MessageId(string messageId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        _messageId = StripBrackets(messageId);
        return this;
    }

    /// <summary>Generates a random Message-ID "id@domain" (RFC 5322 section 3.6.4); read it back from <see cref="MessageIdValue"/>.</summary>
    public MimeMessageBuilder NewMessageId(string domain)
    {
        _messageId = GenerateMessageId(domain);
        return this;
    }

    /// <summary>A new globally unique "random@domain" id (128 random bits, base32).</summary>
    public static string GenerateMessageId(string domain)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var sb = new StringBuilder(40);
        ulong acc = 0;
        var bits = 0;
        foreach (var b in random)
        {
            acc = (acc << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(alphabet[(int)((acc >> (bits - 5)) & 31)]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            sb.Append(alphabet[(int)((acc << (5 - bits)) & 31)]);
        }

        return sb.Append('@').Append(domain.Trim().TrimStart('@')).ToString();
    }

    /// <summary>Sets In-Reply-To (one id, with or without brackets).</summary>
    public MimeMessageBuilder InReplyTo(string messageId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        _inReplyTo = StripBrackets(messageId);
        return this;
    }

    /// <summary>Appends ids to References, oldest first (RFC 5322 section 3.6.4).</summary>
    public MimeMessageBuilder References(params IEnumerable<string> messageIds)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        foreach (var id in messageIds)
        {
            if (!string.IsNullOrWhiteSpace(id))
            {
                _references.Add(StripBrackets(id));
            }
        }

        return this;
    }

    /// <summary>Adds any other header (Auto-Submitted, X-Auto-Response-Suppress, a loop header, ...); may repeat.</summary>
    public MimeMessageBuilder Header(string name, string value)
    {
        var h = new MimeHeader(name, value);
        _extra.Add((h.Name, value));
        return this;
    }

    /// <summary>Sets the plain-text body.</summary>
    public MimeMessageBuilder TextBody(string text)
    {
        _text = text ?? throw new ArgumentNullException(nameof(text));
        return this;
    }

    /// <summary>Sets the HTML body (with a text body too, the message is multipart/alternative).</summary>
    public MimeMessageBuilder HtmlBody(string html)
    {
        _html = html ?? throw new ArgumentNullException(nameof(html));
        return this;
    }

    /// <summary>Attaches bytes; the content type defaults from the file extension.</summary>
    public MimeMessageBuilder Attach(string fileName, byte[] content, string? contentType = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(content);
        _attachments.Add(new Attachment(fileName, AttachmentType(fileName, contentType), content, null));
        return this;
    }

    /// <summary>Attaches a stream, read (from its current position) while writing; the caller disposes it afterwards.</summary>
    public MimeMessageBuilder Attach(string fileName, Stream content, string? contentType = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(content);
        _attachments.Add(new Attachment(fileName, AttachmentType(fileName, contentType), null, content));
        return this;
    }

    /// <summary>Every envelope recipient (To, Cc and Bcc mailboxes, group members included).</summary>
    public IReadOnlyList<MailboxAddress> GetRecipients() =>
        [.. new InternetAddressList(_to.Concat(_cc).Concat(_bcc)).Mailboxes];

    /// <summary>Writes the message with default options.</summary>
    public Task WriteToAsync(Stream stream, CancellationToken cancellationToken = default) =>
        WriteToAsync(stream, MimeFormatOptions.Default, cancellationToken);

    /// <summary>Writes the message.</summary>
    public async Task WriteToAsync(Stream stream, MimeFormatOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        if (_from.Count == 0)
        {
            throw new InvalidOperationException("A message needs a From address (RFC 5322 section 3.6).");
        }

        var head = new ArrayBufferWriter<byte>(2048);
        if (_date is { } date)
        {
            HeaderFormatter.WriteStructured("Date", MimeDate.Format(date), head, options);
        }

        WriteAddresses("From", _from, head, options);
        if (_sender is not null)
        {
            WriteAddresses("Sender", [_sender], head, options);
        }

        WriteAddresses("Reply-To", _replyTo, head, options);
        WriteAddresses("To", _to, head, options);
        WriteAddresses("Cc", _cc, head, options);
        if (_subject is not null)
        {
            HeaderFormatter.Write("Subject", _subject, head, options);
        }

        if (_messageId is not null)
        {
            HeaderFormatter.WriteStructured("Message-ID", "<" + _messageId + ">", head, options);
        }

        if (_inReplyTo is not null)
        {
            HeaderFormatter.WriteStructured("In-Reply-To", "<" + _inReplyTo + ">", head, options);
        }

        if (_references.Count > 0)
        {
            HeaderFormatter.WriteStructured("References", string.Join(' ', _references.Select(static r => "<" + r + ">")), head, options);
        }

        foreach (var (name, value) in _extra)
        {
            HeaderFormatter.Write(name, value, head, options);
        }

        HeaderFormatter.WriteStructured("MIME-Version", "1.0", head, options);
        await stream.WriteAsync(head.WrittenMemory, cancellationToken).ConfigureAwait(false);

        var writer = new BodyWriter(stream, options);
        await writer.WriteBodyAsync(_text, _html, _attachments, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The message as bytes (for in-memory content; stream attachments are read synchronously to the end).</summary>
    public byte[] ToBytes(MimeFormatOptions? options = null)
    {
        using var ms = new MemoryStream();
        WriteToAsync(ms, options ?? MimeFormatOptions.Default, CancellationToken.None).GetAwaiter().GetResult();
        return ms.ToArray();
    }

    private MimeMessageBuilder Add<T>(List<T> list, T item)
        where T : class
    {
        list.Add(item ?? throw new ArgumentNullException(nameof(item)));
        return this;
    }

    private MimeMessageBuilder AddRange(List<InternetAddress> list, InternetAddress[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var a in items)
        {
            list.Add(a ?? throw new ArgumentNullException(nameof(items)));
        }

        return this;
    }

    private static void WriteAddresses<T>(string name, List<T> addresses, IBufferWriter<byte> head, MimeFormatOptions options)
        where T : InternetAddress
    {
        if (addresses.Count > 0)
        {
            HeaderFormatter.WriteStructured(name, new InternetAddressList(addresses).ToHeaderValue(), head, options);
        }
    }

    // A msg-id is "<" id-left "@" id-right ">" (RFC 5322 section 3.6.4): refusing whitespace, controls and brackets
    // inside also refuses header injection through an id.
    private static string StripBrackets(string id)
    {
        var trimmed = id.Trim().TrimStart('<').TrimEnd('>').Trim();
        foreach (var c in trimmed)
        {
            if (c <= ' ' || c is '<' or '>' or '\u007f')
            {
                throw new ArgumentException($"'{id}' is not a valid message id (RFC 5322 section 3.6.4).", nameof(id));
            }
        }

        return trimmed.Length > 0 ? trimmed : throw new ArgumentException("A message id cannot be empty.", nameof(id));
    }

    private static ContentType AttachmentType(string fileName, string? contentType)
    {
        if (contentType is not null)
        {
            return ContentType.Parse(contentType);
        }

        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        var (type, sub) = ext switch
        {
            ".pdf" => ("application", "pdf"),
            ".png" => ("image", "png"),
            ".jpg" or ".jpeg" => ("image", "jpeg"),
            ".gif" => ("image", "gif"),
            ".csv" => ("text", "csv"),
            ".txt" => ("text", "plain"),
            ".html" or ".htm" => ("text", "html"),
            ".json" => ("application", "json"),
            ".zip" => ("application", "zip"),
            ".ics" => ("text", "calendar"),
            ".eml" => ("message", "rfc822"),
            _ => ("application", "octet-stream"),
        };
        return new ContentType(type, sub);
    }

    private sealed class BodyWriter(Stream stream, MimeFormatOptions options)
    {
        private int _boundaryCounter;

        public async Task WriteBodyAsync(string? text, string? html, List<Attachment> attachments, CancellationToken ct)
        {
            if (attachments.Count == 0)
            {
                await WriteTextOrAlternativeAsync(text, html, ct).ConfigureAwait(false);
                return;
            }

            var boundary = NewBoundary();
            await WriteAsync(Headers(("Content-Type", $"multipart/mixed; boundary=\"{boundary}\"")), ct).ConfigureAwait(false);
            await WriteAsync("\r\nThis is a multi-part message in MIME format.\r\n", ct).ConfigureAwait(false);
            if (text is not null || html is not null)
            {
                await WriteAsync($"\r\n--{boundary}\r\n", ct).ConfigureAwait(false);
                await WriteTextOrAlternativeAsync(text, html, ct).ConfigureAwait(false);
            }

            foreach (var a in attachments)
            {
                await WriteAsync($"\r\n--{boundary}\r\n", ct).ConfigureAwait(false);
                await WriteAttachmentAsync(a, ct).ConfigureAwait(false);
            }

            await WriteAsync($"\r\n--{boundary}--\r\n", ct).ConfigureAwait(false);
        }

        private async Task WriteTextOrAlternativeAsync(string? text, string? html, CancellationToken ct)
        {
            if (text is not null && html is not null)
            {
                var boundary = NewBoundary();
                await WriteAsync(Headers(("Content-Type", $"multipart/alternative; boundary=\"{boundary}\"")), ct).ConfigureAwait(false);
                await WriteAsync($"\r\n--{boundary}\r\n", ct).ConfigureAwait(false);
                await WriteTextPartAsync("plain", text, ct).ConfigureAwait(false);
                await WriteAsync($"\r\n--{boundary}\r\n", ct).ConfigureAwait(false);
                await WriteTextPartAsync("html", html, ct).ConfigureAwait(false);
                await WriteAsync($"\r\n--{boundary}--\r\n", ct).ConfigureAwait(false);
                return;
            }

            await WriteTextPartAsync(html is not null ? "html" : "plain", html ?? text ?? string.Empty, ct).ConfigureAwait(false);
        }

        private async Task WriteTextPartAsync(string subtype, string text, CancellationToken ct)
        {
            var bytes = Encoding.UTF8.GetBytes(NormalizeCrlf(text));
            var encoding = ChooseEncoding(bytes, isText: true);
            await WriteAsync(Headers(("Content-Type", $"text/{subtype}; charset=utf-8"), ("Content-Transfer-Encoding", ContentEncodings.ToToken(encoding))), ct).ConfigureAwait(false);
            await WriteAsync("\r\n", ct).ConfigureAwait(false);
            await stream.WriteAsync(Encode(bytes, encoding), ct).ConfigureAwait(false);
        }

        private async Task WriteAttachmentAsync(Attachment a, CancellationToken ct)
        {
            var type = new ContentType(a.ContentType.MediaType, a.ContentType.MediaSubtype);
            foreach (var p in a.ContentType.Parameters)
            {
                type.Parameters.Set(p.Key, p.Value);
            }

            type.Parameters.Set("name", a.FileName);
            var disposition = new ContentDisposition("attachment");
            disposition.Parameters.Set("filename", a.FileName);
            var encoding = a.Bytes is null ? ContentEncoding.Base64 : ChooseEncoding(a.Bytes, isText: type.MediaType == "text");
            if (type.MediaType == "message")
            {
                // RFC 2046 section 5.2.1: message/rfc822 may only be 7bit, 8bit or binary.
                encoding = ContentEncoding.EightBit;
            }

            await WriteAsync(Headers(("Content-Type", type.ToString()), ("Content-Disposition", disposition.ToString()), ("Content-Transfer-Encoding", ContentEncodings.ToToken(encoding))), ct).ConfigureAwait(false);
            await WriteAsync("\r\n", ct).ConfigureAwait(false);
            if (a.Bytes is not null)
            {
                var encoded = encoding == ContentEncoding.EightBit ? a.Bytes : Encode(a.Bytes, encoding);
                await stream.WriteAsync(encoded, ct).ConfigureAwait(false);
                return;
            }

            // Stream attachments are encoded block by block: memory stays bounded whatever their size.
            var filtered = FilteredStream.ForWriting(stream, leaveOpen: true, new Base64EncoderFilter());
            await using (filtered.ConfigureAwait(false))
            {
                await a.Stream!.CopyToAsync(filtered, 57 * 1024, ct).ConfigureAwait(false);
                await filtered.CompleteAsync(ct).ConfigureAwait(false);
            }
        }

        private ContentEncoding ChooseEncoding(byte[] bytes, bool isText)
        {
            var nonAscii = 0;
            var longLine = false;
            var bareLineEnds = false;
            var column = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                var b = bytes[i];
                if (b == (byte)'\n')
                {
                    bareLineEnds |= i == 0 || bytes[i - 1] != (byte)'\r';
                    column = 0;
                    continue;
                }

                if (b == (byte)'\r' && (i + 1 == bytes.Length || bytes[i + 1] != (byte)'\n'))
                {
                    bareLineEnds = true;
                }

                if (b >= 0x80 || (b < 0x20 && b is not ((byte)'\t' or (byte)'\r')))
                {
                    nonAscii++;
                }

                longLine |= ++column > options.MaxLineLength;
            }

            if (!isText || bareLineEnds || bytes.AsSpan().IndexOf((byte)0) >= 0)
            {
                return ContentEncoding.Base64;
            }

            if (nonAscii == 0 && !longLine)
            {
                return ContentEncoding.SevenBit;
            }

            if (options.Allow8Bit && !longLine)
            {
                return ContentEncoding.EightBit;
            }

            // Quoted-printable triples each non-ASCII byte; past about a sixth of them base64 is shorter.
            return nonAscii * 6 > bytes.Length ? ContentEncoding.Base64 : ContentEncoding.QuotedPrintable;
        }

        private static ReadOnlyMemory<byte> Encode(byte[] bytes, ContentEncoding encoding) => encoding switch
        {
            ContentEncoding.Base64 => Base64EncoderFilter.Encode(bytes),
            ContentEncoding.QuotedPrintable => QuotedPrintableEncoder.Encode(bytes),
            _ => bytes,
        };

        private string Headers(params (string Name, string Value)[] headers)
        {
            var output = new ArrayBufferWriter<byte>(256);
            foreach (var (name, value) in headers)
            {
                HeaderFormatter.WriteStructured(name, value, output, options);
            }

            return Encoding.UTF8.GetString(output.WrittenSpan);
        }

        private string NewBoundary()
        {
            var n = _boundaryCounter++;
            if (options.BoundaryGenerator is { } generator)
            {
                return generator(n);
            }

            Span<byte> random = stackalloc byte[12];
            RandomNumberGenerator.Fill(random);
            return "=_fw_" + Convert.ToHexStringLower(random) + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        private async Task WriteAsync(string ascii, CancellationToken ct) =>
            await stream.WriteAsync(Encoding.UTF8.GetBytes(ascii), ct).ConfigureAwait(false);

        private static string NormalizeCrlf(string text) =>
            text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\n", "\r\n", StringComparison.Ordinal);
    }
}
