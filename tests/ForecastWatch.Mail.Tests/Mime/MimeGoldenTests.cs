using System.Globalization;
using System.Text;
using ForecastWatch.Mail.Mime;
using ForecastWatch.Mail.Tests.IO;

namespace ForecastWatch.Mail.Tests.Mime;

/// <summary>Parses checked-in messages and compares a readable summary with a reviewed golden file beside each one.</summary>
public sealed class MimeGoldenTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in new[] { "dsn-bounce", "forward-nested", "shift-jis", "broken" })
        {
            foreach (var chunk in new[] { 1, 7, 4096 })
            {
                data.Add(name, chunk);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task LoadAsync_GoldenMessage_MatchesSummary(string name, int chunk)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "TestData", "Mime");
        var bytes = await File.ReadAllBytesAsync(Path.Combine(dir, name + ".eml"));

        using var message = await TestMessages.LoadAsync(bytes, chunk);
        var summary = Describe(message);

        var expected = await File.ReadAllTextAsync(Path.Combine(dir, name + ".summary.txt"));
        Assert.Equal(expected.ReplaceLineEndings("\n"), summary);
    }

    [Theory]
    [InlineData("dsn-bounce")]
    [InlineData("forward-nested")]
    [InlineData("shift-jis")]
    [InlineData("broken")]
    public async Task WriteToAsync_GoldenMessage_ReparsesToSameSummary(string name)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "Mime", name + ".eml"));
        using var message = await TestMessages.LoadAsync(bytes);
        var ms = new MemoryStream();

        await message.WriteToAsync(ms);
        ms.Position = 0;
        using var again = await MimeMessage.LoadAsync(ms);

        Assert.Equal(WithoutOffsets(Describe(message)), WithoutOffsets(Describe(again)));
    }

    private static string WithoutOffsets(string summary) =>
        string.Join('\n', summary.Split('\n').Where(l => !l.StartsWith("defect:", StringComparison.Ordinal)));

    internal static string Describe(MimeMessage m)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"from: {m.From}\n");
        sb.Append(inv, $"to: {m.To}\n");
        sb.Append(inv, $"cc: {m.Cc}\n");
        sb.Append(inv, $"subject: {m.Subject}\n");
        sb.Append(inv, $"date: {m.Date?.ToString("O", inv)}\n");
        sb.Append(inv, $"message-id: {m.MessageId}\n");
        sb.Append(inv, $"in-reply-to: {m.InReplyTo}\n");
        sb.Append(inv, $"references: {string.Join(' ', m.References)}\n");
        Structure(sb, m.Body, 0);
        sb.Append(inv, $"text: {Escape(m.TextBody)}\n");
        sb.Append(inv, $"html: {Escape(m.HtmlBody)}\n");
        sb.Append(inv, $"body-text: {Escape(m.GetBodyText())}\n");
        foreach (var a in m.Attachments)
        {
            sb.Append(inv, $"attachment: {a.FileName} {a.ContentType.MimeType} {a.Size}\n");
        }

        if (m.DeliveryStatus is { } dsn)
        {
            sb.Append(inv, $"dsn: mta={dsn.ReportingMta} original={dsn.OriginalMessageId}\n");
            foreach (var r in dsn.Recipients)
            {
                sb.Append(inv, $"dsn-recipient: {r.FinalRecipient} {r.Action} {r.Status} {r.DiagnosticCode}\n");
            }
        }

        foreach (var d in m.Defects)
        {
            sb.Append(inv, $"defect: {d}\n");
        }

        return sb.ToString();
    }

    private static void Structure(StringBuilder sb, MimeEntity e, int depth)
    {
        sb.Append(' ', depth * 2).Append(e.ContentType.MimeType).Append(' ').Append(e.ContentTransferEncoding.ToString()).Append('\n');
        if (e is Multipart m)
        {
            foreach (var c in m.Children)
            {
                Structure(sb, c, depth + 1);
            }
        }
        else if (e is MessagePart { Message: { } inner })
        {
            Structure(sb, inner.Body, depth + 1);
        }
    }

    private static string Escape(string? s) => s is null ? "(null)" : s.Length > 300 ? s[..300].Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "..." : s.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
