using ForecastWatch.Mail.Mime;

namespace ForecastWatch.Mailing;

/// <summary>Writes a <see cref="ComposedMail"/> as RFC 5322 bytes.</summary>
public interface IMailRenderer
{
    byte[] Render(ComposedMail mail);
}

/// <summary>Renders with the mail library's <see cref="MimeMessageBuilder"/> (multipart/alternative when there is HTML).</summary>
internal sealed class MailRenderer : IMailRenderer
{
    public byte[] Render(ComposedMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var builder = new MimeMessageBuilder()
            .From(MailAddressText.Extract(mail.From) ?? mail.From, MailAddressText.DisplayName(mail.From))
            .Subject(mail.Subject)
            .Date(mail.Date)
            .MessageId(mail.MessageId)
            .TextBody(mail.TextBody);
        foreach (var to in mail.To)
        {
            builder.To(MailAddressText.Extract(to) ?? to, MailAddressText.DisplayName(to));
        }

        if (mail.ReplyTo is { } replyTo)
        {
            builder.ReplyTo(MailAddressText.Extract(replyTo) ?? replyTo);
        }

        if (mail.InReplyTo is { } inReplyTo)
        {
            builder.InReplyTo(inReplyTo);
        }

        if (mail.References.Count > 0)
        {
            builder.References(mail.References);
        }

        foreach (var (name, value) in mail.Headers)
        {
            builder.Header(name, value);
        }

        if (mail.HtmlBody is { } html)
        {
            builder.HtmlBody(html);
        }

        return builder.ToBytes();
    }
}
