using System.Text;
using System.Text.RegularExpressions;

namespace ForecastWatch.Domain.Replies;

/// <summary>
/// Reduces a reply to what its sender wrote: drops quoted lines, quote attributions ("On ... wrote:" and the
/// date-first and verbless forms, in en, de, fr, es, it, nl, pt, sv, da, no, fi, pl, cs, ru, uk, tr, ja, zh, ko, also
/// wrapped over up to three lines), Outlook/Hotmail/Yahoo header blocks in any field order, dashed separators
/// ("-----Original Message-----", "-------- Originalnachricht --------"), forwarded blocks, signatures, mobile
/// signatures in those languages, a last one-line sign-off with a phone number, and invisible tracking marks.
/// </summary>
/// <remarks>
/// Text between quoted blocks is kept, so interleaved and bottom-posted replies work as well as top-posted ones.
/// The trimmer never throws and never guesses beyond the markers it knows: unknown text is kept.
/// </remarks>
internal static partial class ReplyTrimmer
{
    // Gmail and Outlook wrap a long attribution over up to three lines in text/plain.
    private const int MaxAttributionLines = 3;
    private const int MaxAttributionLength = 500;
    private const int HeaderBlockLookahead = 6;

    /// <summary>Trims a plain-text reply body.</summary>
    /// <param name="text">The decoded body text; any line endings.</param>
    /// <returns>The sender's own text and where the trimmer stopped.</returns>
    public static ReplyTrimResult Trim(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new ReplyTrimResult(string.Empty, ReplyCutKind.None, -1, 0);
        }

        var lines = SplitLines(text);
        var kept = new List<string>(lines.Length);
        var quoted = 0;

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (IsQuoted(line))
            {
                quoted++;
                continue;
            }

            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                kept.Add(string.Empty);
                continue;
            }

            var cut = ClassifyCut(lines, i, out var attributionEnd);
            if (cut == ReplyCutKind.Attribution && (IsFollowedByQuote(lines, attributionEnd + 1) || !HasText(kept)))
            {
                // The header of a quote block in a bottom-posted or interleaved reply, or an attribution the client
                // put above the editor's text with nothing quoted under it: drop it and go on.
                i = attributionEnd;
                continue;
            }

            if (cut != ReplyCutKind.None)
            {
                var cutLine = cut == ReplyCutKind.HeaderBlock ? BackOverSeparator(lines, kept, i) : i;
                return new ReplyTrimResult(Join(DropSignOff(kept)), cut, cutLine, quoted);
            }

            kept.Add(line.TrimEnd());
        }

        var withoutSignOff = DropSignOff(kept);
        return new ReplyTrimResult(Join(withoutSignOff), withoutSignOff.Count < kept.Count ? ReplyCutKind.Signature : ReplyCutKind.None, -1,
            quoted);
    }

    private static bool HasText(List<string> kept) => kept.Exists(static l => l.Length > 0);

    // "Anna Berg | Senior Editor | +49 30 1234 5678": a last line, after a blank one, with a phone number in it.
    private static List<string> DropSignOff(List<string> kept)
    {
        var last = kept.FindLastIndex(static l => l.Trim().Length > 0);
        if (last <= 0 || kept[last - 1].Trim().Length != 0 || kept[last].Length > 140 || !SignOffPhone().IsMatch(kept[last])
            || !kept.Take(last).Any(static l => l.Trim().Length > 0))
        {
            return kept;
        }

        return kept.GetRange(0, last);
    }

    /// <summary>Converts an HTML-only reply to text (blockquotes become quoted lines) and trims it.</summary>
    /// <param name="html">The decoded HTML body.</param>
    /// <returns>The sender's own text and where the trimmer stopped.</returns>
    public static ReplyTrimResult TrimHtml(string? html) => Trim(ReplyHtmlConverter.ToText(html));


    private static ReplyCutKind ClassifyCut(string[] lines, int index, out int attributionEnd)
    {
        attributionEnd = index;
        var trimmed = StripEmphasis(lines[index].Trim());

        if (trimmed.TrimEnd() == "--")
        {
            return ReplyCutKind.Signature;
        }

        if (MobileSignature().IsMatch(trimmed))
        {
            return ReplyCutKind.MobileSignature;
        }

        if (ForwardedSeparator().IsMatch(trimmed) || ForwardedIntro().IsMatch(trimmed))
        {
            return ReplyCutKind.Forwarded;
        }

        if (OriginalMessageSeparator().IsMatch(trimmed) || (DashedTitle().IsMatch(trimmed) && IsFollowedByHeaderLabel(lines, index + 1)))
        {
            return ReplyCutKind.OriginalMessage;
        }

        if (IsHeaderBlockStart(lines, index))
        {
            return ReplyCutKind.HeaderBlock;
        }

        if (TryMatchAttribution(lines, index, out attributionEnd))
        {
            return ReplyCutKind.Attribution;
        }

        attributionEnd = index;
        return ReplyCutKind.None;
    }

    private static bool TryMatchAttribution(string[] lines, int index, out int end)
    {
        end = index;
        var first = StripEmphasis(lines[index].Trim());
        if (IsAttribution(first))
        {
            return true;
        }

        // A wrapped attribution starts with a date or an address on its first line.
        if (!AttributionLead().IsMatch(first))
        {
            return false;
        }

        var joined = new StringBuilder(first);
        for (var k = index + 1; k < lines.Length && k < index + MaxAttributionLines; k++)
        {
            var next = lines[k].Trim();
            if (next.Length == 0 || IsQuoted(lines[k]))
            {
                return false;
            }

            joined.Append(' ').Append(StripEmphasis(next));
            if (joined.Length > MaxAttributionLength)
            {
                return false;
            }

            if (IsAttribution(joined.ToString()))
            {
                // Prefer the latest start: "On reflection, 100%" followed by a real one-line attribution
                // must keep the editor's line.
                // A line of its own with a date or time starts afresh; a continuation ("desk@...> wrote:") has neither.
                var second = StripEmphasis(lines[index + 1].Trim());
                if (DateOrTime().IsMatch(second) && AttributionLead().IsMatch(second) && TryMatchAttribution(lines, index + 1, out _))
                {
                    return false;
                }

                end = k;
                return true;
            }
        }

        return false;
    }

    internal static bool IsAttribution(string candidate)
    {
        var s = candidate.Trim();
        if (s.Length is 0 or > MaxAttributionLength || s[^1] is not (':' or '：'))
        {
            return false;
        }

        // Every client writes a date, a time or an address into the attribution; prose rarely ends that way.
        if (!s.Any(char.IsAsciiDigit) && !s.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        return VerbAtEnd().IsMatch(s) || LeadWithVerb().IsMatch(s) || VerbThenDate().IsMatch(s)
            || (TimeOfDay().IsMatch(s) && AddressAtEnd().IsMatch(s));
    }

    // Outlook, Hotmail and Yahoo write From/Sent/To/Cc/Subject in the client's language and not always in that order
    // (Outlook for Mac puts Date second, old Hotmail Subject first): a block is three label lines, one of them From.
    private static bool IsHeaderBlockStart(string[] lines, int index)
    {
        var first = StripEmphasis(lines[index].Trim());
        var isFrom = HeaderFromLabel().IsMatch(first);
        if (!isFrom && !HeaderOtherLabel().IsMatch(first))
        {
            return false;
        }

        // Outlook on the web flattened by an HTML converter: the whole block on one line.
        if (isFrom && HeaderInlineSent().IsMatch(first))
        {
            return true;
        }

        var labels = 1;
        var sawFrom = isFrom;
        for (var k = index + 1; k < lines.Length && k <= index + HeaderBlockLookahead; k++)
        {
            var next = StripEmphasis(lines[k].Trim());
            if (next.Length == 0)
            {
                continue;
            }

            var from = HeaderFromLabel().IsMatch(next);
            if (!from && !HeaderOtherLabel().IsMatch(next))
            {
                break;
            }

            sawFrom |= from;
            labels++;
            if (labels >= 3 && sawFrom)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsFollowedByHeaderLabel(string[] lines, int start)
    {
        for (var k = start; k < lines.Length && k < start + 3; k++)
        {
            var next = StripEmphasis(lines[k].Trim());
            if (next.Length == 0)
            {
                continue;
            }

            return HeaderFromLabel().IsMatch(next) || HeaderOtherLabel().IsMatch(next);
        }

        return false;
    }

    private static int BackOverSeparator(string[] lines, List<string> kept, int index)
    {
        // Outlook on the web puts a rule of underscores (or an <hr>) above the From:/Sent: block.
        var k = index - 1;
        while (k >= 0 && lines[k].Trim().Length == 0)
        {
            k--;
        }

        if (k >= 0 && SeparatorRule().IsMatch(lines[k].Trim()))
        {
            for (var r = kept.Count - 1; r >= 0; r--)
            {
                if (kept[r].Trim().Length == 0)
                {
                    continue;
                }

                if (SeparatorRule().IsMatch(kept[r].Trim()))
                {
                    kept.RemoveRange(r, kept.Count - r);
                }

                break;
            }

            return k;
        }

        return index;
    }

    private static bool IsFollowedByQuote(string[] lines, int start)
    {
        for (var k = start; k < lines.Length; k++)
        {
            if (IsQuoted(lines[k]))
            {
                return true;
            }

            if (lines[k].Trim().Length != 0)
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsQuoted(string line)
    {
        foreach (var c in line)
        {
            if (c is ' ' or '\t')
            {
                continue;
            }

            return c == '>';
        }

        return false;
    }

    // HTML converters and some clients render "<b>From:</b>" as "*From:*".
    private static string StripEmphasis(string s) => s.Replace("*", string.Empty, StringComparison.Ordinal);

    // Zero-width characters some clients and trackers append (U+200B-U+200D, U+2060, U+FEFF, U+034F, U+180E, U+00AD).
    private static string[] SplitLines(string text) =>
        Invisible().Replace(text.Replace("\r\n", "\n", StringComparison.Ordinal), string.Empty).Replace('\r', '\n').Split('\n');

    private static string Join(List<string> kept)
    {
        var start = 0;
        while (start < kept.Count && kept[start].Length == 0)
        {
            start++;
        }

        var end = kept.Count;
        while (end > start && kept[end - 1].Length == 0)
        {
            end--;
        }

        return string.Join('\n', kept.GetRange(start, end - start));
    }

    // "wrote:" in the clients' languages (Gmail, Apple Mail, Thunderbird, Yahoo), with gender suffixes such as
    // "napisał(a)" and "написав(-ла)".
    private const string Verbs =
        @"wrote|schrieb|geschrieben|a\s+écrit|a\s+ecrit|escribió|escribio|ha\s+scritto|schreef|het\s+volgende\s+geschreven|" +
        @"escreveu|skrev|kirjoitti|napisał(?:\(a\)|a)?|pisze|napsal(?:\(a\)|a)?|написал(?:\(а\)|а)?|пишет|пише|" +
        @"написав(?:\(-?ла\))?|написала|yazdı|şunu\s+yazdı|şunları\s+yazdı|写道|寫道|のメール|"
            + @"님이\s*작성|작성|쓴\s*글";

    private const string Leads = @"on|am|le|el|il(?:\s+giorno)?|em|den|op|no\s+dia|w\s+dniu|dne";

    [GeneratedRegex(@"(?:" + Verbs + @")\s*[:：]$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VerbAtEnd();

    // "Den mån 23 nov. 2026 kl 10:15 skrev Desk <desk@example.test>:" puts the name after the verb.
    [GeneratedRegex(@"^(?:" + Leads + @")\s.*\b(?:" + Verbs + @")\b.{0,160}[:：]$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LeadWithVerb();

    // "Desk <desk@example.test> schrieb am 23.11.2026 um 10:15:" puts the date after the verb; so do Finnish
    // ("kirjoitti 1.6.2027 kello 9.00:"), Polish ("napisana przez ... w dniu ...") and Dutch Apple Mail.
    [GeneratedRegex(@"(?:\b(?:wrote\s+on|schrieb\s+am|schreef\s+op|a\s+écrit\s+le|escribió\s+el|ha\s+scritto\s+il|escreveu\s+em|"
        + @"skrev\s+den|kirjoitti)\b|wiadomość\s+napisana\s+przez).{0,160}[:：]$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VerbThenDate();

    // Verbless forms: "2027-06-01 09:00 GMT+02:00 Desk <desk@example.test>:", Gmail in Russian and Japanese,
    // Apple Mail in Czech: a time of day and a line that ends with the address and a colon.
    [GeneratedRegex(@"\d{1,2}[:.]\d{2}", RegexOptions.CultureInvariant)]
    private static partial Regex TimeOfDay();

    [GeneratedRegex(@"\d{1,2}[:.]\d{2}|\b(?:19|20)\d{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex DateOrTime();

    [GeneratedRegex(@"[^\s<>()]+@[^\s<>()]+[>)]*\s*[:：]$", RegexOptions.CultureInvariant)]
    private static partial Regex AddressAtEnd();

    [GeneratedRegex(@"^(?:(?:" + Leads + @")\s.*\d|.*\d.*[\s,]|.*[<@])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AttributionLead();

    [GeneratedRegex(@"^-{2,}\s*(?:original\s+message|ursprüngliche\s+nachricht|message\s+d['’]origine|mensaje\s+original|"
        + @"messaggio\s+originale|oorspronkelijk\s+bericht|mensagem\s+original|ursprungligt\s+meddelande|originalmeddelande|"
        + @"originalnachricht|oprindelig\s+meddelelse|opprinnelig\s+melding|alkuperäinen\s+viesti|oryginalna\s+wiadomość|"
        + @"původní\s+zpráva|исходное\s+сообщение|оригінальне\s+повідомлення|özgün\s+ileti|"
        + @"orijinal\s+mesaj|元のメッセージ|原始邮件|原始郵件|원본\s*메시지)\s*-{2,}$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginalMessageSeparator();

    // Any short title between dashes ("-------- Originalnachricht --------"), when a header label follows it.
    [GeneratedRegex(@"^-{2,}\s*[^-\s][^-]{1,48}\s*-{2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex DashedTitle();

    [GeneratedRegex(@"^-{2,}\s*(?:forwarded\s+message|weitergeleitete\s+nachricht|message\s+transféré|mensaje\s+reenviado|"
        + @"messaggio\s+inoltrato|doorgestuurd\s+bericht|mensagem\s+encaminhada|vidarebefordrat\s+meddelande)\s*-{2,}$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ForwardedSeparator();

    [GeneratedRegex(@"^(?:begin\s+forwarded\s+message|anfang\s+der\s+weitergeleiteten\s+nachricht|début\s+du\s+message\s+réexpédié|"
        + @"inicio\s+del\s+mensaje\s+reenviado|inizio\s+messaggio\s+inoltrato|begin\s+doorgestuurd\s+bericht|"
        + @"início\s+da\s+mensagem\s+reencaminhada|vidarebefordrat\s+brev)\s*:$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ForwardedIntro();

    private const string FromLabels =
        @"from|von|de|da|van|från|fra|lähettäjä|od|от|від|kimden|差出人|发件人|寄件者|보낸\s*사람";

    [GeneratedRegex(@"^(?:" + FromLabels + @")\s*[:：]\s*\S", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderFromLabel();

    [GeneratedRegex(@"\s(?:sent|date|gesendet|datum|envoyé|enviado|inviato|verzonden|skickat|sendt|data|fecha|dato|lähetetty|wysłano|"
        + @"odesláno|отправлено|надіслано|gönderildi|送信日時|发送时间|보낸\s*날짜)\s*[:：]\s",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderInlineSent();

    [GeneratedRegex(@"^(?:sent|date|to|cc|bcc|subject|gesendet|datum|an|betreff|envoyé|à|a|objet|enviado(?:\s+el)?|enviada|fecha|para|"
        + @"asunto|inviato|data|oggetto|verzonden|aan|onderwerp|assunto|skickat|till|ämne|kopie|copie|copia|kopia|sendt|dato|til|emne|"
        + @"kopi|lähetetty|päivämäärä|vastaanottaja|kopio|aihe|wysłano|do|dw|temat|odesláno|komu|předmět|отправлено|"
        + @"дата|кому|копия|тема|надіслано|копія|gönderildi|tarih|kime|bilgi|konu|送信日時|日付|"
        + @"宛先|件名|发送时间|日期|收件人|抄送|主题|主旨|보낸\s*날짜|날짜|받는\s*사람|참조|"
        + @"제목)\s*[:：]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderOtherLabel();

    [GeneratedRegex(@"^(?:_{8,}|-{8,})$")]
    private static partial Regex SeparatorRule();

    [GeneratedRegex(@"[\u200B\u200C\u200D\u2060\uFEFF\u034F\u180E\u00AD]", RegexOptions.CultureInvariant)]
    private static partial Regex Invisible();

    // A phone number: "+49 30 1234 5678", "(555) 010-0199", "tel. 06 1234 567".
    [GeneratedRegex(@"(?:\+\d{1,3}[\s.-]?(?:\(?\d{1,5}\)?[\s.-]?){2,}\d{2,}|\(\d{3}\)\s*\d{3}[-\s]\d{4}|\b(?:tel|phone|tél|telefon|puh|"
        + @"тел)\.?:?\s*\+?\d[\d\s().-]{6,}\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SignOffPhone();

    private const string SentVerb =
        @"(?:sent(?:\s+wirelessly)?|envoyé|enviado|inviato|verzonden|verstuurd|skickat|gesendet|sendt)\s+" +
        @"(?:from|with|via|von|mit|de|depuis|avec|desde|do|com|con|da|dal|vanaf|met|van|från|fra)\s+";

    private const string Device = @"(?:iphon\w*|ipad|ipod|android|outlook|mail|yahoo|aol|proton\s*mail|gmail|samsung|galaxy|blackberry|"
        + @"huawei|xiaomi|pixel|bluemail|spark|smartphone|smartfona|telefonu|mobile)";

    // Only a possessive ("my", "mon", "mijn"...) or a known device/app name: "Sent from the ministry" stays text.
    [GeneratedRegex(
        @"^(?:" + SentVerb + @"(?:my|mon|ma|mi|mio|mia|mijn|meu|o\s+meu|meinem|mein|min|il\s+mio)\s+.{1,60}" +
        @"|" + SentVerb + Device + @"\w*\b.{0,40}" +
        @"|get\s+outlook\s+for\s+(?:ios|android)" +
        @"|(?:obtener|obtenir|descargar|scarica|ottieni|télécharger|hämta|hent|baixe|obter\s+o|pobierz)\s+outlook\s+.{1,20}" +
        @"|outlook\s+(?:für|voor|för|for|pro|для)\s+(?:ios|android)\s+" +
        @"(?:herunterladen|downloaden|beziehen|hämta|download|stáhnout|загрузить)" +
        @"|von\s+meinem\s+.{1,40}\s+gesendet|gesendet\s+von\s+meinem\s+.{1,40}|gesendet\s+mit\s+der\s+.{1,40}" +
        @"|envoyé\s+depuis\s+mon\s+.{1,40}|enviado\s+desde\s+mi\s+.{1,40}|inviato\s+dal\s+mio\s+.{1,40}" +
        @"|(?:verstuurd|verzonden)\s+vanaf\s+mijn\s+.{1,40}|enviado\s+do\s+meu\s+.{1,40}" +
        @"|lähetetty\s+.{1,40}(?:sta|stä|lta|ltä)" +
        @"|wysłane\s+z\s+(?:mojego\s+|mojej\s+)?" + Device + @".{0,40}" +
        @"|odesláno\s+(?:z|ze)\s+(?:mého\s+|zařízení\s+)?" + Device + @".{0,40}" +
        @"|отправлено\s+с\s+(?:моего\s+|устройства\s+)?" + Device + @".{0,40}" +
        @"|надіслано\s+з\s+(?:мого\s+)?" + Device + @".{0,40}" +
        @"|" + Device + @"\S*(?:\s+\S+){0,3}\s+gönderildi" +
        @"|" + Device + @"\S*\s*から送信" +
        @"|(?:发自|發自|从|從)我的\s*" + Device + @".{0,20}" +
        @"|(?:나의\s+|내\s+)?" + Device + @"\S*에서\s*보냄" +
        @")(?:\s*<[^>]*>)?[.!。]?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MobileSignature();
}
