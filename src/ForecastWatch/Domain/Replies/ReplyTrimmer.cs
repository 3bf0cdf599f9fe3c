using System.Text;
using System.Text.RegularExpressions;

namespace ForecastWatch.Domain.Replies;

/// <summary>
/// Reduces a reply to what its sender wrote: drops quoted lines, quote attributions ("On ... wrote:" in English,
/// German, French, Spanish, Italian, Dutch, Portuguese and Swedish), Outlook header blocks and
/// "-----Original Message-----" separators, forwarded blocks, signatures and mobile signatures.
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
            if (cut == ReplyCutKind.Attribution && IsFollowedByQuote(lines, attributionEnd + 1))
            {
                // The header of a quote block in a bottom-posted or interleaved reply: drop it and go on.
                i = attributionEnd;
                continue;
            }

            if (cut != ReplyCutKind.None)
            {
                var cutLine = cut == ReplyCutKind.HeaderBlock ? BackOverSeparator(lines, kept, i) : i;
                return new ReplyTrimResult(Join(kept), cut, cutLine, quoted);
            }

            kept.Add(line.TrimEnd());
        }

        return new ReplyTrimResult(Join(kept), ReplyCutKind.None, -1, quoted);
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

        if (OriginalMessageSeparator().IsMatch(trimmed))
        {
            return ReplyCutKind.OriginalMessage;
        }

        if (ForwardedSeparator().IsMatch(trimmed) || ForwardedIntro().IsMatch(trimmed))
        {
            return ReplyCutKind.Forwarded;
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

        // A wrapped attribution starts with one of the languages' lead words and carries a date.
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
                // must keep the editor's line. A wrapped tail ("desk@example.test> wrote:") has no lead word.
                if (AttributionLead().IsMatch(StripEmphasis(lines[index + 1].Trim())) && TryMatchAttribution(lines, index + 1, out _))
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
        if (s.Length is 0 or > MaxAttributionLength || s[^1] != ':')
        {
            return false;
        }

        // Every client writes a date, a time or an address into the attribution; prose rarely ends that way.
        if (!s.Any(char.IsAsciiDigit) && !s.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        return VerbAtEnd().IsMatch(s) || LeadWithVerb().IsMatch(s) || VerbThenDate().IsMatch(s);
    }

    private static bool IsHeaderBlockStart(string[] lines, int index)
    {
        var first = StripEmphasis(lines[index].Trim());
        if (!HeaderFromLabel().IsMatch(first))
        {
            return false;
        }

        // Outlook on the web flattened by an HTML converter: the whole block on one line.
        if (HeaderInlineSent().IsMatch(first))
        {
            return true;
        }

        var labels = 0;
        for (var k = index + 1; k < lines.Length && k <= index + HeaderBlockLookahead; k++)
        {
            var next = StripEmphasis(lines[k].Trim());
            if (next.Length == 0)
            {
                continue;
            }

            if (HeaderOtherLabel().IsMatch(next))
            {
                labels++;
                if (labels >= 2)
                {
                    return true;
                }
            }
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

    private static string[] SplitLines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');

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

    private const string Verbs =
        @"wrote|schrieb|geschrieben|a\s+écrit|a\s+ecrit|escribió|escribio|ha\s+scritto|schreef|escreveu|skrev";

    private const string Leads = @"on|am|le|el|il(?:\s+giorno)?|em|den|op";

    [GeneratedRegex(@"(?:" + Verbs + @")\s*:$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VerbAtEnd();

    // "Den mån 23 nov. 2026 kl 10:15 skrev Desk <desk@example.test>:" puts the name after the verb.
    [GeneratedRegex(@"^(?:" + Leads + @")\s.*\b(?:" + Verbs + @")\b.{0,160}:$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LeadWithVerb();

    // "Desk <desk@example.test> schrieb am 23.11.2026 um 10:15:" puts the date after the verb.
    [GeneratedRegex(@"\b(?:wrote\s+on|schrieb\s+am|schreef\s+op|a\s+écrit\s+le|escribió\s+el|ha\s+scritto\s+il|escreveu\s+em|skrev\s+den)\b.{0,160}:$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VerbThenDate();

    [GeneratedRegex(@"^(?:" + Leads + @")\s.*\d", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AttributionLead();

    [GeneratedRegex(@"^-{2,}\s*(?:original\s+message|ursprüngliche\s+nachricht|message\s+d['’]origine|mensaje\s+original|messaggio\s+originale|oorspronkelijk\s+bericht|mensagem\s+original|ursprungligt\s+meddelande|originalmeddelande)\s*-{2,}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginalMessageSeparator();

    [GeneratedRegex(@"^-{2,}\s*(?:forwarded\s+message|weitergeleitete\s+nachricht|message\s+transféré|mensaje\s+reenviado|messaggio\s+inoltrato|doorgestuurd\s+bericht|mensagem\s+encaminhada|vidarebefordrat\s+meddelande)\s*-{2,}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ForwardedSeparator();

    [GeneratedRegex(@"^(?:begin\s+forwarded\s+message|anfang\s+der\s+weitergeleiteten\s+nachricht|début\s+du\s+message\s+réexpédié|inicio\s+del\s+mensaje\s+reenviado|inizio\s+messaggio\s+inoltrato|begin\s+doorgestuurd\s+bericht|início\s+da\s+mensagem\s+reencaminhada|vidarebefordrat\s+brev)\s*:$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ForwardedIntro();

    [GeneratedRegex(@"^(?:from|von|de|da|van|från)\s*:\s*\S", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderFromLabel();

    [GeneratedRegex(@"\s(?:sent|date|gesendet|datum|envoyé|enviado|inviato|verzonden|skickat|data|fecha)\s*:\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderInlineSent();

    [GeneratedRegex(@"^(?:sent|date|to|cc|subject|gesendet|datum|an|betreff|envoyé|à|a|objet|enviado(?:\s+el)?|enviada|fecha|para|asunto|inviato|data|oggetto|verzonden|aan|onderwerp|assunto|skickat|till|ämne|kopie|copie|copia|kopia)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderOtherLabel();

    [GeneratedRegex(@"^(?:_{8,}|-{8,})$")]
    private static partial Regex SeparatorRule();

    private const string SentVerb = @"(?:sent|envoyé|enviado|inviato|verzonden|verstuurd|skickat|gesendet)\s+(?:from|with|via|von|mit|de|depuis|avec|desde|do|com|con|da|vanaf|met|van|från)\s+";

    private const string Device = @"(?:iphone|ipad|android|outlook|mail|yahoo|aol|proton\s*mail|gmail|samsung|galaxy|blackberry|huawei|xiaomi|pixel|bluemail|spark)\b";

    // Only a possessive ("my", "mon", "mijn"...) or a known device/app name: "Sent from the ministry" stays text.
    [GeneratedRegex(@"^(?:" + SentVerb + @"(?:my|mon|ma|mi|mio|mia|mijn|meu|o\s+meu|meinem|mein|min|il\s+mio)\s+.{1,40}|" + SentVerb + Device + @".{0,40}|get\s+outlook\s+for\s+(?:ios|android)|von\s+meinem\s+.{1,40}\s+gesendet)(?:\s*<[^>]*>)?[.!]?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MobileSignature();
}
