using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ForecastWatch.Mail.Mime;

namespace ForecastWatch.Cli;

/// <summary><c>forecastwatch mail parse FILE [--json]</c>: prints what the MIME parser sees in a message file.</summary>
internal static class MailParseCommand
{
    public static Command Create()
    {
        var file = MessageFileArgument.Create("The message file (.eml, RFC 5322).");
        var json = new Option<bool>("--json") { Description = "Print JSON: from, to, cc, replyTo, subject, date, messageId, inReplyTo, references, headers, text, html, attachments, defects." };
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

            var text = parseResult.GetValue(json) ? ToJson(message) : ToText(message);
            await parseResult.InvocationConfiguration.Output.WriteAsync(text).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static string ToJson(MimeMessage m)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            // Extract everything first so the defects list includes what lazy decoding finds.
            var text = m.GetBodyText();
            var html = m.HtmlBody;
            var attachments = m.Attachments.Select(static a => (a.FileName, a.ContentType.MimeType, a.Size)).ToList();
            var from = m.From;
            var to = m.To;
            var cc = m.Cc;
            var replyTo = m.ReplyTo;
            var subject = m.Subject;
            var date = m.Date;

            w.WriteStartObject();
            WriteAddresses(w, "from", from);
            WriteAddresses(w, "to", to);
            WriteAddresses(w, "cc", cc);
            WriteAddresses(w, "replyTo", replyTo);
            w.WriteString("subject", subject);
            if (date is { } d)
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
            foreach (var h in m.Headers)
            {
                w.WriteStartObject();
                w.WriteString("name", h.Name);
                w.WriteString("value", h.Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("text", text);
            w.WriteString("html", html);
            w.WriteStartArray("attachments");
            foreach (var (fileName, contentType, size) in attachments)
            {
                w.WriteStartObject();
                w.WriteString("filename", fileName);
                w.WriteString("contentType", contentType);
                w.WriteNumber("size", size);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("defects");
            foreach (var defect in m.Defects)
            {
                w.WriteStartObject();
                w.WriteString("kind", defect.Kind.ToString());
                w.WriteNumber("offset", defect.Offset);
                w.WriteNumber("line", defect.Line);
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
            w.WriteString("name", mailbox.Name);
            w.WriteString("address", mailbox.Address);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    internal static string ToText(MimeMessage m)
    {
        var body = m.GetBodyText();
        var attachments = m.Attachments;
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
        sb.Append(inv, $"Date:        {m.Date?.ToString("yyyy-MM-ddTHH:mm:sszzz", inv)}\n");
        sb.Append(inv, $"Message-ID:  {m.MessageId}\n");
        sb.Append(inv, $"In-Reply-To: {m.InReplyTo}\n");
        sb.Append(inv, $"References:  {string.Join(' ', m.References)}\n");
        sb.Append(inv, $"Structure:\n");
        AppendStructure(sb, m.Body, 1);
        if (m.DeliveryStatus is { } dsn)
        {
            sb.Append(inv, $"Delivery status (original {dsn.OriginalMessageId}):\n");
            foreach (var r in dsn.Recipients)
            {
                sb.Append(inv, $"  {r.FinalRecipient}: {r.Action} {r.Status} {r.DiagnosticCode}\n");
            }
        }

        sb.Append(inv, $"Attachments: {attachments.Count}\n");
        foreach (var a in attachments)
        {
            sb.Append(inv, $"  {a.FileName ?? "(unnamed)"}  {a.ContentType.MimeType}  {a.Size} bytes\n");
        }

        var defects = m.Defects;
        sb.Append(inv, $"Defects:     {defects.Count}\n");
        foreach (var d in defects)
        {
            sb.Append(inv, $"  {d}\n");
        }

        sb.Append("\n").Append(body).Append('\n');
        return sb.ToString();
    }

    private static void AppendStructure(StringBuilder sb, MimeEntity entity, int depth)
    {
        sb.Append(' ', depth * 2).Append(entity.ContentType.MimeType);
        if (entity is MimePart p)
        {
            sb.Append(CultureInfo.InvariantCulture, $" ({p.ContentTransferEncoding}, {p.EncodedSize} bytes encoded)");
        }

        sb.Append('\n');
        switch (entity)
        {
            case Multipart m:
                foreach (var c in m.Children)
                {
                    AppendStructure(sb, c, depth + 1);
                }

                break;
            case MessagePart { Message: { } inner }:
                AppendStructure(sb, inner.Body, depth + 1);
                break;
        }
    }
}
