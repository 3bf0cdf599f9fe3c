using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ForecastWatch.Domain.Replies;
using ForecastWatch.Inbound;
using MimeKit;

namespace ForecastWatch.Cli;

/// <summary><c>forecastwatch mail parse FILE [--json]</c>: prints what MimeKit sees in a message file.</summary>
internal static class MailParseCommand
{
    public static Command Create()
    {
        var file = MessageFileArgument.Create("The message file (.eml, RFC 5322).");
        var json = new Option<bool>("--json")
        {
            Description = "Print JSON: from, to, cc, replyTo, subject, date, messageId, inReplyTo, "
            + "references, headers, text, html, attachments, defects."
        };
        var command = new Command("parse", "Parse a message file and print its headers, bodies, attachments and defects.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.SetAction(async (parseResult, ct) =>
        {
            using var message = await MessageFileArgument.LoadAsync(parseResult, file, "mail parse", ct).ConfigureAwait(false);
            if (message is null)
            {
                return ExitCodes.BadInput;
            }

            var lines = new LineIndex(parseResult.GetValue(file)!);
            var text = parseResult.GetValue(json) ? ToJson(message, lines) : ToText(message, lines);
            await parseResult.InvocationConfiguration.Output.WriteAsync(text).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static string ToJson(MimeMessage m, LineIndex lines)
    {
        ArgumentNullException.ThrowIfNull(m);
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer,
            new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            WriteAddresses(w, "from", m.From);
            WriteAddresses(w, "to", m.To);
            WriteAddresses(w, "cc", m.Cc);
            WriteAddresses(w, "replyTo", m.ReplyTo);
            w.WriteString("subject", m.Subject);
            if (Date(m) is { } d)
            {
                w.WriteString("date", d.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
            }
            else
            {
                w.WriteNull("date");
            }

            w.WriteString("messageId", m.MessageId);
            w.WriteString("inReplyTo", m.InReplyTo);
            w.WriteStartArray("references");
            foreach (var r in m.References)
            {
                w.WriteStringValue(r);
            }

            w.WriteEndArray();
            w.WriteStartArray("headers");
            foreach (var h in MimeInboundMailReader.AllHeaders(m))
            {
                w.WriteStartObject();
                w.WriteString("name", h.Field);
                w.WriteString("value", h.Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("text", BodyText(m));
            w.WriteString("html", MimeInboundMailReader.HtmlBody(m));
            w.WriteStartArray("attachments");
            foreach (var (fileName, contentType, size) in Attachments(m))
            {
                w.WriteStartObject();
                w.WriteString("filename", fileName);
                w.WriteString("contentType", contentType);
                w.WriteNumber("size", size);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("defects");
            foreach (var defect in MimeDefects.Find(m, lines.Raw))
            {
                w.WriteStartObject();
                w.WriteString("kind", defect.Kind);
                w.WriteNumber("offset", defect.Offset);
                w.WriteNumber("line", lines.LineOf(defect.Offset));
                w.WriteString("detail", defect.Detail);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteAddresses(Utf8JsonWriter w, string name, InternetAddressList list)
    {
        w.WriteStartArray(name);
        foreach (var mailbox in list.Mailboxes)
        {
            w.WriteStartObject();
            w.WriteString("name", string.IsNullOrEmpty(mailbox.Name) ? null : mailbox.Name);
            w.WriteString("address", mailbox.Address);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    internal static string ToText(MimeMessage m, LineIndex lines)
    {
        ArgumentNullException.ThrowIfNull(m);
        var attachments = Attachments(m);
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"From:        {m.From}\n");
        sb.Append(inv, $"To:          {m.To}\n");
        if (m.Cc.Count > 0)
        {
            sb.Append(inv, $"Cc:          {m.Cc}\n");
        }

        if (m.ReplyTo.Count > 0)
        {
            sb.Append(inv, $"Reply-To:    {m.ReplyTo}\n");
        }

        sb.Append(inv, $"Subject:     {m.Subject}\n");
        sb.Append(inv, $"Date:        {Date(m)?.ToString("yyyy-MM-ddTHH:mm:sszzz", inv)}\n");
        sb.Append(inv, $"Message-ID:  {m.MessageId}\n");
        sb.Append(inv, $"In-Reply-To: {m.InReplyTo}\n");
        sb.Append(inv, $"References:  {string.Join(' ', m.References)}\n");
        sb.Append(inv, $"Structure:\n");
        if (m.Body is { } body)
        {
            AppendStructure(sb, body, 1);
        }

        if (MimeInboundMailReader.DeliveryReport(m) is { } dsn)
        {
            sb.Append(inv, $"Delivery status (original {dsn.OriginalMessageId}):\n");
            foreach (var r in dsn.Recipients)
            {
                sb.Append(inv, $"  {r.Recipient}: {r.Action} {r.Status} {r.Diagnostic}\n");
            }
        }

        sb.Append(inv, $"Attachments: {attachments.Count}\n");
        foreach (var (fileName, contentType, size) in attachments)
        {
            sb.Append(inv, $"  {fileName ?? "(unnamed)"}  {contentType}  {size} bytes\n");
        }

        var defects = MimeDefects.Find(m, lines.Raw);
        sb.Append(inv, $"Defects:     {defects.Count}\n");
        foreach (var d in defects)
        {
            var where = d.Offset < 0 ? string.Empty : string.Create(inv, $" at line {lines.LineOf(d.Offset)} (offset {d.Offset})");
            sb.Append(inv, $"  {d.Kind}{where}{(d.Detail is null ? string.Empty : ": " + d.Detail)}\n");
        }

        sb.Append('\n').Append(BodyText(m)).Append('\n');
        return sb.ToString();
    }

    // MimeKit reports a missing or unparseable Date as DateTimeOffset.MinValue.
    private static DateTimeOffset? Date(MimeMessage m) =>
        m.Headers.Contains(HeaderId.Date) && m.Date != DateTimeOffset.MinValue ? m.Date : null;

    private static string BodyText(MimeMessage m) =>
        MimeInboundMailReader.TextBody(m)
        ?? (MimeInboundMailReader.HtmlBody(m) is { } html ? ReplyHtmlConverter.ToText(html) : string.Empty);

    /// <summary>Parts with a file name or attachment disposition, non-text parts, and attached messages (decoded sizes).</summary>
    internal static List<(string? FileName, string ContentType, long Size)> Attachments(MimeMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var list = new List<(string?, string, long)>();
        Collect(m.Body, list);
        return list;
    }

    private static void Collect(MimeEntity? entity, List<(string?, string, long)> list)
    {
        switch (entity)
        {
            case Multipart multipart:
                foreach (var child in multipart)
                {
                    Collect(child, list);
                }

                break;
            case MessagePart part:
                using (var counter = new CountingStream())
                {
                    part.Message?.WriteTo(counter);
                    list.Add((part.ContentDisposition?.FileName, part.ContentType.MimeType, counter.Length));
                }

                break;
            case MimePart part when part.FileName is not null || part.IsAttachment || part is not TextPart:
                using (var counter = new CountingStream())
                {
                    part.Content?.DecodeTo(counter);
                    list.Add((part.FileName, part.ContentType.MimeType, counter.Length));
                }

                break;
        }
    }

    private static void AppendStructure(StringBuilder sb, MimeEntity entity, int depth)
    {
        sb.Append(' ', depth * 2).Append(entity.ContentType.MimeType);
        if (entity is MimePart p)
        {
            var encoded = p.Content?.Stream is { CanSeek: true } s ? s.Length : 0;
            sb.Append(CultureInfo.InvariantCulture, $" ({p.ContentTransferEncoding}, {encoded} bytes encoded)");
        }

        sb.Append('\n');
        switch (entity)
        {
            case Multipart m:
                foreach (var c in m)
                {
                    AppendStructure(sb, c, depth + 1);
                }

                break;
            case MessagePart { Message.Body: { } inner }:
                AppendStructure(sb, inner, depth + 1);
                break;
        }
    }

    /// <summary>Maps byte offsets in the file to 1-based line numbers (read only when a defect needs one).</summary>
    internal sealed class LineIndex(string path)
    {
        private byte[]? _raw;
        private List<long>? _starts;

        public byte[] Raw => _raw ??= File.ReadAllBytes(path);

        public int LineOf(long offset)
        {
            if (offset < 0)
            {
                return 0;
            }

            _starts ??= Starts(Raw);
            var index = _starts.BinarySearch(offset);
            return index >= 0 ? index + 1 : ~index;
        }

        private static List<long> Starts(byte[] bytes)
        {
            var starts = new List<long> { 0 };
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    starts.Add(i + 1L);
                }
            }

            return starts;
        }
    }

    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }
}
