using MimeKit;
using MimeKit.Text;

namespace ForecastWatch.Mailing;

/// <summary>Writes a <see cref="ComposedMail"/> as RFC 5322 bytes.</summary>
public interface IMailRenderer
{
    byte[] Render(ComposedMail mail);
}

/// <summary>
/// Composes the message with MimeKit (text/plain alone, or multipart/alternative with the HTML part last, RFC 2046
/// section 5.1.4) and writes it once with CRLF line endings. The outbox keeps these bytes, so every try sends the same
/// message, Message-ID and MIME boundary included.
/// </summary>
internal sealed class MailRenderer : IMailRenderer
{
    private static readonly FormatOptions Wire = CreateFormat();

    static MailRenderer()
    {
        Inbound.MimeCharsets.EnsureRegistered();
    }

    public byte[] Render(ComposedMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        using var message = ToMessage(mail);
        using var buffer = new MemoryStream();
        message.WriteTo(Wire, buffer);
        return buffer.ToArray();
    }

    /// <summary>The MimeKit message for <paramref name="mail"/>, header fields in the order they are written.</summary>
    internal static MimeMessage ToMessage(ComposedMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var message = new MimeMessage();

        // The parameterless constructor pre-fills some fields; ours replace them, in our order.
        message.Headers.Clear();
        message.From.Add(Mailbox(mail.From));
        message.To.AddRange(mail.To.Select(Mailbox));
        if (mail.ReplyTo is { } replyTo)
        {
            message.ReplyTo.Add(Mailbox(replyTo));
        }

        message.Subject = mail.Subject;
        message.Date = mail.Date;
        message.MessageId = mail.MessageId.Trim().Trim('<', '>');
        if (mail.InReplyTo is { Length: > 0 } inReplyTo)
        {
            message.InReplyTo = inReplyTo.Trim().Trim('<', '>');
        }

        foreach (var reference in mail.References)
        {
            message.References.Add(reference.Trim().Trim('<', '>'));
        }

        foreach (var (name, value) in mail.Headers)
        {
            message.Headers.Add(name, value);
        }

        var text = TextPart(TextFormat.Plain, mail.TextBody);
        message.Body = mail.HtmlBody is { } html
            ? new MultipartAlternative { text, TextPart(TextFormat.Html, html) }
            : text;
        return message;
    }

    private static MailboxAddress Mailbox(string value) =>
        new(MailAddressText.DisplayName(value), MailAddressText.Extract(value) ?? value.Trim());

    private static TextPart TextPart(TextFormat format, string content)
    {
        var part = new TextPart(format);
        part.SetText("utf-8", content.ReplaceLineEndings("\r\n"));

        // 7bit when the text is ASCII with short lines, else quoted-printable or base64, whichever is shorter.
        part.ContentTransferEncoding = part.GetBestEncoding(EncodingConstraint.SevenBit);
        return part;
    }

    private static FormatOptions CreateFormat()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        options.EnsureNewLine = true;
        return options;
    }
}
