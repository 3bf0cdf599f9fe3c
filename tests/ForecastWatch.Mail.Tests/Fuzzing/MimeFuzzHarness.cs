using System.Text;
using ForecastWatch.Mail.Mime;

namespace ForecastWatch.Mail.Tests.Fuzzing;

/// <summary>
/// Mutation fuzzing for the MIME parser, shared by the bounded test and the long-running bench tool: seed messages,
/// structure-aware mutations, and an exercise pass that touches every lazily decoded API.
/// </summary>
public static class MimeFuzzHarness
{
    private static readonly string[] Tokens =
    [
        "\r\n", "\r\n\r\n", "\n", "\r", "--", "--b1", "--b1--", "--outer\r\n", "=?", "?=", "=?utf-8?B?", "=?x?Q?=FF=", ":", ";",
        "\"", "(", ")", "<", ">", "@", ",", "\t", " ", "=", "=\r\n", "=ZZ", "*0*=", "*1=", "'", "%", "Content-Type: multipart/mixed; boundary=b1\r\n",
        "Content-Transfer-Encoding: base64\r\n", "Content-Type: message/rfc822\r\n\r\n", "\0", "\u00ff", "From ", "charset=shift_jis",
    ];

    public static IReadOnlyList<byte[]> Seeds()
    {
        string[] texts =
        [
            "From: \"A, B\" <a@example.com>\r\nTo: G: x@y.z, (c) w@v.u;\r\nSubject: =?utf-8?q?caf=C3=A9?= =?iso-8859-1?b?Y2Fm6Q==?=\r\nDate: Thu, 01 Oct 2026 09:30:00 -0500\r\nMessage-ID: <a@b>\r\nReferences: <r@s> <t@u>\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\npre\r\n--outer\r\nContent-Type: multipart/alternative; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nhello =C3=A9 soft=\r\nbreak\r\n--b1\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\nPGI+aGk8L2I+\r\n--b1--\r\n--outer\r\nContent-Type: application/pdf; name*0*=utf-8''r%C3%A9; name*1=\".pdf\"\r\nContent-Disposition: attachment; filename=\"a.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFI+PgpzdHJlYW0K\r\n--outer\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\nContent-Type: text/plain; charset=koi8-r\r\n\r\n\xf0\xd2\xc9\r\n--outer--\r\nepi\r\n",
            "From: MAILER-DAEMON@mx.example\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=R\r\n\r\n--R\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--R\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx\r\n\r\nFinal-Recipient: rfc822; a@b\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550\r\n\r\n--R\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <o@x>\r\n\r\n--R--\r\n",
            "Subject: plain\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n<html><body><p>caf\xe9 <b>bold</b><ul><li>x</ul><script>x</script></body></html>\r\n",
        ];
        var seeds = texts.Select(static t => Encoding.Latin1.GetBytes(t)).ToList();
        seeds.Add(new MimeMessageBuilder().From("a@example.com", "Zoë").To("b@bücher.example").Subject("Grüße 😀").TextBody("text ä").HtmlBody("<p>ä</p>")
            .Attach("x.bin", [1, 2, 3, 250]).ToBytes());
        return seeds;
    }

    public static byte[] Mutate(byte[] seed, Random random)
    {
        var data = new List<byte>(seed);
        var count = 1 + random.Next(8);
        for (var k = 0; k < count; k++)
        {
            var pos = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(8))
            {
                case 0 when data.Count > 0:
                    data[pos] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data.Insert(pos, (byte)random.Next(256));
                    break;
                case 2 when data.Count > 0:
                    data.RemoveRange(pos, Math.Min(data.Count - pos, 1 + random.Next(16)));
                    break;
                case 3:
                    data.InsertRange(pos, Encoding.Latin1.GetBytes(Tokens[random.Next(Tokens.Length)]));
                    break;
                case 4 when data.Count > 0:
                    var len = Math.Min(data.Count - pos, 1 + random.Next(200));
                    var copy = data.GetRange(pos, len);
                    data.InsertRange(random.Next(data.Count), copy);
                    break;
                case 5 when data.Count > 0:
                    data.RemoveRange(pos, data.Count - pos);
                    break;
                case 6:
                    data.InsertRange(pos, Enumerable.Repeat((byte)"a=-\n\r \"(<"[random.Next(9)], random.Next(3000)));
                    break;
                default:
                    if (data.Count > 0)
                    {
                        data[pos] = (byte)"\r\n:;=?-\"<>@( \t"[random.Next(14)];
                    }

                    break;
            }
        }

        return [.. data];
    }

    /// <summary>Touches every API that decodes lazily; returns a checksum so nothing is optimized away.</summary>
    public static async Task<long> ExerciseAsync(MimeMessage m, CancellationToken ct)
    {
        long sum = 0;
        sum += m.From.Count + m.To.Count + m.Cc.Count + m.ReplyTo.Count + (m.Sender is null ? 0 : 1);
        sum += m.Subject?.Length ?? 0;
        sum += m.Date?.Second ?? 0;
        sum += (m.MessageId?.Length ?? 0) + (m.InReplyTo?.Length ?? 0) + m.References.Count;
        sum += m.GetBodyText().Length + (m.HtmlBody?.Length ?? 0);
        foreach (var h in m.Headers)
        {
            sum += h.Value.Length;
        }

        foreach (var a in m.Attachments)
        {
            sum += a.Size + (a.FileName?.Length ?? 0);
            await using var s = a.OpenRead();
            await s.CopyToAsync(Stream.Null, ct);
        }

        foreach (var e in m.Body.DescendantsAndSelf())
        {
            sum += (e.ContentDisposition?.Parameters.Count ?? 0) + (e.FileName?.Length ?? 0) + (e.ContentId?.Length ?? 0);
            if (e is MimePart p)
            {
                sum += p.GetText().Length;
            }
            else if (e is Multipart mp)
            {
                sum += (mp.PreambleText?.Length ?? 0) + (mp.EpilogueText?.Length ?? 0);
            }
        }

        if (m.DeliveryStatus is { } dsn)
        {
            sum += dsn.Recipients.Count + (dsn.OriginalMessageId?.Length ?? 0);
        }

        var output = new MemoryStream();
        await m.WriteToAsync(output, ct);
        sum += output.Length + m.Defects.Count;
        return sum;
    }
}
