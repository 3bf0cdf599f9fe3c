using System.Globalization;
using System.Text.RegularExpressions;
using ForecastWatch.Domain.Dates;

namespace ForecastWatch.Domain.Replies;

/// <summary>
/// Reads the verdict from the first meaningful line of a trimmed reply, by the grammar in docs/replies.md. It never
/// guesses: a line that is not exactly one verdict (two verdicts' words, a hedge, an idiomatic "No doubt", a verdict
/// word inside a sentence) gives a <see cref="VerdictReading.Problem"/> that quotes the line, not a best effort.
/// </summary>
public static partial class VerdictReader
{
    private const int MaxExtensionAmount = 3650;
    private const int MaxQuotedLine = 300;

    public const string Help =
        "Put the verdict on the first line of your reply: YES, NO, PARTIAL [fraction], VOID [reason], " +
        "EXTEND 2027-06-30 (or EXTEND 3 months), VALUE 18% for threshold and range predictions, or OVERRIDE <verdict> " +
        "to change an earlier resolution. The word may stand alone (\"YES\") or be followed by a separator and a note " +
        "(\"YES - see link\", \"NO. It did not happen.\"); the note may also go on the next lines, and links in it are " +
        "kept as evidence. A line that mixes two verdicts (\"yes, partially\") or hedges (\"No doubt\", \"Not yet\") is " +
        "not read: write PARTIAL, EXTEND or VOID instead.";

    public static VerdictReading Read(string? text)
    {
        var lines = (text ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var first = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            if (Undecorate(lines[i]).Length > 0)
            {
                first = i;
                break;
            }
        }

        if (first < 0)
        {
            return new VerdictReading(null, string.Empty, [], "The reply is empty: no verdict was found.");
        }

        var line = Undecorate(lines[first]);
        var following = string.Join('\n', lines.Skip(first + 1)).Trim();
        var parsed = ParseLine(line, allowOverride: true);
        if (parsed.Problem is not null)
        {
            var note = Join(line, following);
            return new VerdictReading(null, note, ExtractEvidence(note), parsed.Problem) { Line = line };
        }

        var verdict = parsed.Verdict!;
        var restNote = Join(parsed.Rest, following);
        var evidence = ExtractEvidence(Join(verdict.Effective.Reason ?? string.Empty, restNote));
        return new VerdictReading(verdict, restNote, evidence, null) { Line = line };
    }

    private static ParsedLine ParseLine(string line, bool allowOverride, string? whole = null)
    {
        var shown = whole ?? line;
        // "Resolved: NO", "Verdict - yes": a label before the verdict is allowed once, at the start.
        var body = allowOverride ? Label().Replace(line, string.Empty, 1) : line;
        if (IdiomaticOpening().Match(body) is { Success: true } idiom)
        {
            return ParsedLine.Fail(
                $"The first line \"{Quote(shown)}\" opens with \"{idiom.Value.Trim()}\", a phrase rather than a verdict.");
        }

        var match = Keyword().Match(body);
        if (!match.Success)
        {
            return ParsedLine.Fail($"The first line \"{Quote(shown)}\" does not start with a verdict.");
        }

        var word = match.Groups[1].Value;
        var after = body[match.Length..];
        var key = word.ToLowerInvariant();
        if (ForeignYes.Contains(key) || ForeignNo.Contains(key))
        {
            // Words in other languages are read only when they are the whole line: we cannot check a note in every
            // language for a second verdict.
            if (!OnlyPunctuation().IsMatch(after))
            {
                return ParsedLine.Fail($"The first line \"{Quote(shown)}\" starts with \"{word}\" followed by more text; " +
                    $"\"{word}\" is read only alone on the line. Put the note on the next line, or write YES or NO.");
            }

            return ParsedLine.Ok(new ReplyVerdict(ForeignYes.Contains(key) ? ReplyVerdictKind.Yes : ReplyVerdictKind.No), string.Empty);
        }

        ReplyVerdictKind? plain = key switch
        {
            "yes" or "yeah" or "yep" or "yup" or "true" or "correct" or "happened" => ReplyVerdictKind.Yes,
            "no" or "nope" or "nah" or "false" or "wrong" => ReplyVerdictKind.No,
            _ => null,
        };
        if (plain is { } kind)
        {
            if (after.TrimStart().StartsWith('?'))
            {
                return ParsedLine.Fail($"The first line \"{Quote(shown)}\" asks a question rather than giving a verdict.");
            }

            if (after.Length > 0 && !NoteSeparator().IsMatch(after))
            {
                return ParsedLine.Fail($"The first line \"{Quote(shown)}\" uses \"{word}\" inside a sentence; " +
                    "put the verdict alone or before a separator (\"YES - see link\", \"NO. It did not happen.\").");
            }

            var rest = SkipSeparators(after);
            return Checked(shown, word, kind, rest) ?? ParsedLine.Ok(new ReplyVerdict(kind), rest);
        }

        var restAfter = SkipSeparators(after);
        switch (key)
        {
            case "partial" or "partially":
                return Checked(shown, word, ReplyVerdictKind.Partial, restAfter) ?? ParsePartial(restAfter);
            case "void" or "annul":
                return Checked(shown, word, ReplyVerdictKind.Void, restAfter)
                    ?? ParsedLine.Ok(new ReplyVerdict(ReplyVerdictKind.Void, Reason: restAfter.Length == 0 ? null : restAfter),
                        string.Empty);
            case "extend":
                return Checked(shown, word, ReplyVerdictKind.Extend, restAfter) ?? ParseExtend(restAfter);
            case "value":
                // "VALUE -0.3" is negative; "VALUE - 18%" is a dash separator.
                return Checked(shown, word, ReplyVerdictKind.Value, restAfter) ?? ParseValue(ValueSeparator().Replace(after, string.Empty));
            case "condition":
                return ParseCondition(restAfter);
            case "override" when allowOverride:
                var inner = ParseLine(restAfter, allowOverride: false, shown);
                if (inner.Problem is not null)
                {
                    // An ambiguous new verdict is refused for its own reason; anything else is a missing verdict.
                    return inner.IsAmbiguous
                        ? ParsedLine.Fail(inner.Problem)
                        : ParsedLine.Fail("OVERRIDE must be followed by the new verdict, for example \"OVERRIDE NO\".");
                }

                return ParsedLine.Ok(new ReplyVerdict(ReplyVerdictKind.Override, Overridden: inner.Verdict), inner.Rest);
            default:
                return ParsedLine.Fail($"The first line \"{Quote(shown)}\" does not start with a verdict.");
        }
    }

    // CONDITION YES | NO | VALUE 9% | 9%: whether a conditional prediction's condition held (Domain/Predictions/Resolver).
    private static ParsedLine ParseCondition(string rest)
    {
        var inner = Keyword().IsMatch(rest) ? ParseLine(rest, allowOverride: false) : ParseValue(rest);
        if (inner.IsAmbiguous)
        {
            return inner;
        }

        return inner.Verdict is { Kind: ReplyVerdictKind.Yes or ReplyVerdictKind.No or ReplyVerdictKind.Value, IsCondition: false } v
            ? ParsedLine.Ok(v with { IsCondition = true }, inner.Rest)
            : ParsedLine.Fail("CONDITION needs YES, NO or the observed value, for example \"CONDITION NO\" or \"CONDITION 9%\".");
    }

    /// <summary>Refuses a line whose rest holds a hedge or a word of another verdict; null when the line is clear.</summary>
    private static ParsedLine? Checked(string line, string word, ReplyVerdictKind kind, string rest)
    {
        if (kind is ReplyVerdictKind.Yes or ReplyVerdictKind.No or ReplyVerdictKind.Partial
            && Hedge().Match(rest) is { Success: true } hedge)
        {
            return ParsedLine.Ambiguous($"The first line \"{Quote(line)}\" hedges (\"{hedge.Value}\"): it is not a clear verdict.");
        }

        if (kind is ReplyVerdictKind.Yes or ReplyVerdictKind.No && Qualifier().Match(rest) is { Success: true } qualifier)
        {
            // "Yes, but late", "No, except in Bavaria", "YES, although watered down": a qualified answer may be
            // PARTIAL, or NO by the deadline; the editor says which.
            return ParsedLine.Ambiguous(
                $"The first line \"{Quote(line)}\" qualifies the answer (\"{qualifier.Value}\"): it is not a clear verdict.");
        }

        if (Politeness().Match(rest) is { Success: true } polite
            && (kind == ReplyVerdictKind.No || (kind == ReplyVerdictKind.Yes && polite.Groups["please"].Success)))
        {
            // "No, thank you" and "Yes, please" answer an offer, not the question whether something happened.
            return ParsedLine.Ambiguous(
                $"The first line \"{Quote(line)}\" reads as a reply to an offer (\"{word} {polite.Value.Trim()}\"), not a verdict.");
        }

        foreach (Match m in Word().Matches(rest))
        {
            var w = m.Value.ToLowerInvariant();
            var family = FamilyOf(w);
            if (family is { } f && Conflicts(kind, f))
            {
                return ParsedLine.Ambiguous(
                    $"The first line \"{Quote(line)}\" holds words of two different verdicts (\"{word}\" and \"{m.Value}\").");
            }
        }

        if (kind is not (ReplyVerdictKind.Partial or ReplyVerdictKind.Value) && PartialPhrase().Match(rest) is { Success: true } phrase)
        {
            return ParsedLine.Ambiguous(
                $"The first line \"{Quote(line)}\" holds words of two different verdicts (\"{word}\" and \"{phrase.Value}\").");
        }

        return null;
    }

    private enum Family
    {
        Yes,
        No,
        Partial,
        Void,
    }

    private static Family? FamilyOf(string w)
    {
        if (EnglishYes.Contains(w) || ForeignYes.Contains(w))
        {
            return Family.Yes;
        }

        if (EnglishNo.Contains(w) || ForeignNo.Contains(w) || w.EndsWith("n't", StringComparison.Ordinal)
            || w.EndsWith("n’t", StringComparison.Ordinal))
        {
            return Family.No;
        }

        if (PartialWords.Contains(w))
        {
            return Family.Partial;
        }

        return VoidWords.Contains(w) ? Family.Void : null;
    }

    // Which words may appear in the note of each verdict: a NO, PARTIAL, VOID or EXTEND note may negate
    // ("NO. It did not happen."); a YES note may not. A VALUE note is free but for VOID.
    private static bool Conflicts(ReplyVerdictKind kind, Family family) => kind switch
    {
        ReplyVerdictKind.Yes => family is not Family.Yes,
        ReplyVerdictKind.No => family is Family.Yes or Family.Partial or Family.Void,
        ReplyVerdictKind.Partial => family is Family.Yes or Family.Void,
        ReplyVerdictKind.Void => family is Family.Yes or Family.Partial,
        ReplyVerdictKind.Extend => family is Family.Yes or Family.Partial or Family.Void,
        ReplyVerdictKind.Value => family is Family.Void,
        _ => false,
    };

    private static readonly HashSet<string> EnglishYes = new(StringComparer.Ordinal)
    {
        "yes", "yeah", "yep", "yup", "true", "correct", "happened", "affirmative",
    };

    private static readonly HashSet<string> EnglishNo = new(StringComparer.Ordinal)
    {
        "no", "nope", "nah", "not", "never", "false", "wrong", "cannot", "neither", "nor", "none",
    };

    private static readonly HashSet<string> PartialWords = new(StringComparer.Ordinal)
    {
        "partial", "partially", "partly", "half", "halfway", "mostly", "largely", "somewhat", "almost", "nearly",
        "teilweise", "partiellement", "parcialmente", "parzialmente", "gedeeltelijk", "delvis", "osittain",
        "częściowo", "částečně", "частично", "частково", "kısmen",
    };

    private static readonly HashSet<string> VoidWords = new(StringComparer.Ordinal)
    {
        "void", "voided", "annul", "annulled", "moot",
    };

    // Yes and no in the project's languages (de, nl, sv, da, no, fr, es, it, pt, fi, pl, cs, ru, uk, tr, ja, zh, ko).
    // "ei", "ne" and "nie" also mean "not": they are read only alone on the line, where they can mean nothing else.
    private static readonly HashSet<string> ForeignYes = new(StringComparer.Ordinal)
    {
        "ja", "jawohl", "oui", "sí", "si", "sì", "sim", "kyllä", "tak", "ano", "да", "так", "evet", "はい", "是", "是的",
        "对", "對",
        "네", "예",
    };

    private static readonly HashSet<string> ForeignNo = new(StringComparer.Ordinal)
    {
        "nein", "nee", "nej", "nei", "non", "não", "ei", "nie", "ne", "нет", "ні", "hayır", "hayir", "いいえ", "否", "不是",
        "没有", "沒有",
        "아니요", "아니오",
    };

    private static ParsedLine ParsePartial(string rest)
    {
        var ratio = Ratio().Match(rest);
        if (ratio.Success)
        {
            var numerator = decimal.Parse(ratio.Groups[1].Value, CultureInfo.InvariantCulture);
            var denominator = decimal.Parse(ratio.Groups[2].Value, CultureInfo.InvariantCulture);
            if (denominator == 0 || numerator > denominator)
            {
                return ParsedLine.Fail($"PARTIAL {ratio.Value.Trim()} is not a fraction between 0 and 1.");
            }

            return ParsedLine.Ok(new ReplyVerdict(ReplyVerdictKind.Partial, Fraction: Math.Round(numerator / denominator, 4)),
                SkipSeparators(rest[ratio.Length..]));
        }

        var number = Number().Match(rest);
        if (!number.Success)
        {
            return ParsedLine.Ok(new ReplyVerdict(ReplyVerdictKind.Partial), rest);
        }

        if (!TryParseNumber(number.Groups["n"].Value, out var value))
        {
            return ParsedLine.Fail($"PARTIAL {number.Value.Trim()} is not a number.");
        }

        var percent = number.Groups["pct"].Success;
        var fraction = percent ? value / 100m : value;
        if (fraction is < 0 or > 1)
        {
            return ParsedLine.Fail($"PARTIAL {number.Value.Trim()} is not a fraction between 0 and 1 (or a percentage such as 50%).");
        }

        return ParsedLine.Ok(new ReplyVerdict(ReplyVerdictKind.Partial, Fraction: fraction), SkipSeparators(rest[number.Length..]));
    }

    private static ParsedLine ParseExtend(string rest)
    {
        var date = ExtendDate().Match(rest);
        if (date.Success && PartialDate.TryParse(date.Groups[1].Value, out var until))
        {
            return ParsedLine.Ok(new ReplyVerdict(ReplyVerdictKind.Extend, Extension: ReplyExtension.ToDate(until)),
                SkipSeparators(rest[date.Length..]));
        }

        var duration = ExtendDuration().Match(rest);
        if (duration.Success
            && int.TryParse(duration.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            && amount is > 0 and <= MaxExtensionAmount)
        {
            var unit = char.ToUpperInvariant(duration.Groups[2].Value[0]) switch
            {
                'D' => ExtensionUnit.Days,
                'W' => ExtensionUnit.Weeks,
                'M' => ExtensionUnit.Months,
                _ => ExtensionUnit.Years,
            };
            return ParsedLine.Ok(new ReplyVerdict(ReplyVerdictKind.Extend, Extension: ReplyExtension.By(amount, unit)),
                SkipSeparators(rest[duration.Length..]));
        }

        return ParsedLine.Fail("EXTEND needs a date (EXTEND 2027-06-30) or a duration (EXTEND 3 months).");
    }

    private static ParsedLine ParseValue(string rest)
    {
        var match = ValueNumber().Match(rest);
        if (!match.Success || !TryParseNumber(match.Groups["n"].Value, out var value))
        {
            return ParsedLine.Fail("VALUE needs a number, for example VALUE 18% or VALUE 2.4 million.");
        }

        if (match.Groups["neg"].Success)
        {
            value = -value;
        }

        var unit = match.Groups["unit"].Success ? match.Groups["unit"].Value : match.Groups["cur"].Success ? match.Groups["cur"].Value
            : null;
        return ParsedLine.Ok(new ReplyVerdict(ReplyVerdictKind.Value, Value: value, Unit: unit), SkipSeparators(rest[match.Length..]));
    }

    // "1,234.5" and "1,234" use commas for thousands; "18,5" uses a decimal comma.
    private static bool TryParseNumber(string text, out decimal value)
    {
        var s = text;
        if (s.Contains('.', StringComparison.Ordinal) || ThousandsOnly().IsMatch(s))
        {
            s = s.Replace(",", string.Empty, StringComparison.Ordinal);
        }
        else
        {
            s = s.Replace(',', '.');
        }

        return decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    private static IReadOnlyList<Uri> ExtractEvidence(string text)
    {
        var result = new List<Uri>();
        foreach (Match m in Url().Matches(text))
        {
            var candidate = m.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')', '\'', '"');
            if (Uri.TryCreate(candidate, UriKind.Absolute, out var uri) && !result.Contains(uri))
            {
                result.Add(uri);
            }
        }

        return result;
    }

    // Mail clients and people decorate: "**YES**", "> " leftovers, quotes, bullets.
    private static string Undecorate(string line) => line.Trim().Trim('*', '_', '~', '"', '\'', '`', '“', '”', '‘', '’', '«', '»',
        '•', ' ', '\t', '\u00A0', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF');

    private static string SkipSeparators(string s) =>
        s.TrimStart(' ', '\t', '.', ',', ';', ':', '!', '?', '-', '–', '—', '=', ')', '*', '_', '\u00A0').TrimEnd();

    private static string Join(string a, string b) => (a.Length, b.Length) switch
    {
        (0, _) => b,
        (_, 0) => a,
        _ => a + "\n" + b,
    };

    private static string Quote(string s) => s.Length <= MaxQuotedLine ? s : s[..(MaxQuotedLine - 3)] + "...";

    private sealed record ParsedLine(ReplyVerdict? Verdict, string Rest, string? Problem, bool IsAmbiguous = false)
    {
        public static ParsedLine Ok(ReplyVerdict verdict, string rest) => new(verdict, rest, null);

        public static ParsedLine Fail(string problem) => new(null, string.Empty, problem);

        public static ParsedLine Ambiguous(string problem) => new(null, string.Empty, problem, IsAmbiguous: true);
    }

    // A word: letters (any script, so "Sí", "Да", "はい" and "是的" are words), with no digit glued to it.
    [GeneratedRegex(@"^(\p{L}+)(?![\p{L}\p{Nd}])", RegexOptions.CultureInvariant)]
    private static partial Regex Keyword();

    [GeneratedRegex(@"\p{L}+(?:['’]\p{L}+)*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    [GeneratedRegex(@"^(?:resolved|resolution|verdict|answer|outcome|result|status)\s*[:=]\s*",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Label();

    // "No doubt", "No longer", "Not yet", "No idea", "No way"...: English openings that start with a verdict word
    // (or its negation) and mean something else.
    [GeneratedRegex(@"^(?:no\s+(?:doubt|longer|idea|way|problem|problems|worries|matter|wonder|comment|change|changes|news|update|updates|"
        + @"clue|kidding|question|questions|need|one|reason|chance|more|less|further|decision|answer|data|word)|not\s+(?:yet|sure|really|"
        + @"quite|exactly|entirely|fully|at\s+all|clear|certain|applicable|void)|not)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IdiomaticOpening();

    [GeneratedRegex(@"\b(?:maybe|perhaps|probably|possibly|unclear|unsure|not\s+sure|not\s+yet|too\s+early|too\s+soon|hard\s+to\s+say|"
        + @"don['’]t\s+know|do\s+not\s+know|no\s+idea|no\s+doubt|no\s+longer|sort\s+of|kind\s+of|more\s+or\s+less|arguably|depends)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Hedge();

    // Words that qualify a YES or NO on its own line ("Yes, but late"); the lines after the first stay free text.
    [GeneratedRegex(
        @"\b(?:but|however|although|though|except|excepting|excluding|apart\s+from|other\s+than|save\s+for|unless|only)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Qualifier();

    [GeneratedRegex(@"^[\s\p{P}]*(?:thanks|thank\s+you|thx|(?<please>please|pls))\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Politeness();

    [GeneratedRegex(@"\b(?:in\s+part|some\s+of|not\s+all|not\s+fully|not\s+entirely|not\s+quite|not\s+completely|except\s+for)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PartialPhrase();

    // After YES or NO (and their English synonyms) a note needs a separator: "YES - see link", "No. It did not.",
    // "Yes, it passed", "YES (see link)"; "Yes it passed" is a sentence, not a verdict.
    [GeneratedRegex(@"^\s*(?:[-–—:;,.!)(=/]|\s+[-–—]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex NoteSeparator();

    [GeneratedRegex(@"^[\s.!。！]*$", RegexOptions.CultureInvariant)]
    private static partial Regex OnlyPunctuation();

    [GeneratedRegex(@"^(\d{1,6})\s*/\s*(\d{1,6})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Ratio();

    [GeneratedRegex(@"^(?<n>\d[\d,]*(?:\.\d+)?)\s*(?<pct>%|percent\b|per\s*cent\b)?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    [GeneratedRegex(@"^(?<neg>[-−](?=[$€£¥\d]))?(?<cur>[$€£¥])?\s*(?<n>\d[\d,]*(?:\.\d+)?)(?:\s*(?<unit>%|"
        + @"[A-Za-z€$£¥][A-Za-z€$£¥/]*))?", RegexOptions.CultureInvariant)]
    private static partial Regex ValueNumber();

    [GeneratedRegex(@"^(?:[\s:=,]|[-–—](?![$€£¥\d]))+", RegexOptions.CultureInvariant)]
    private static partial Regex ValueSeparator();

    [GeneratedRegex(@"^\d{1,3}(?:,\d{3})+$", RegexOptions.CultureInvariant)]
    private static partial Regex ThousandsOnly();

    [GeneratedRegex(@"^(\d{4}-(?:\d{2}(?:-\d{2})?|[Qq][1-4]))(?![\d-])", RegexOptions.CultureInvariant)]
    private static partial Regex ExtendDate();

    [GeneratedRegex(@"^(\d{1,5})\s*(days?|d|weeks?|wks?|w|months?|mos?|m|years?|yrs?|y)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExtendDuration();

    [GeneratedRegex(@"https?://[^\s<>""'\[\]]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();
}
