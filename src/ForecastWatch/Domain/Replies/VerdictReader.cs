using System.Globalization;
using System.Text.RegularExpressions;
using ForecastWatch.Domain.Dates;

namespace ForecastWatch.Domain.Replies;

/// <summary>
/// Reads the strict verdict from the first meaningful line of a trimmed reply. It never guesses: a first line that
/// does not start with a verdict word gives a <see cref="VerdictReading.Problem"/>, not a best effort.
/// </summary>
public static partial class VerdictReader
{
    private const int MaxExtensionAmount = 3650;

    public const string Help =
        "Put the verdict on the first line of your reply: YES, NO, PARTIAL [fraction], VOID [reason], " +
        "EXTEND 2027-06-30 (or EXTEND 3 months), VALUE 18% for threshold and range predictions, or OVERRIDE <verdict> " +
        "to change an earlier resolution. Anything after it is kept as a note; links in it are kept as evidence.";

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
            return new VerdictReading(null, note, ExtractEvidence(note), parsed.Problem);
        }

        var verdict = parsed.Verdict!;
        var restNote = Join(parsed.Rest, following);
        var evidence = ExtractEvidence(Join(verdict.Effective.Reason ?? string.Empty, restNote));
        return new VerdictReading(verdict, restNote, evidence, null);
    }

    private static ParsedLine ParseLine(string line, bool allowOverride)
    {
        var match = Keyword().Match(line);
        if (!match.Success)
        {
            return ParsedLine.Fail($"The first line \"{Shorten(line)}\" does not start with a verdict.");
        }

        var word = match.Groups[1].Value.ToUpperInvariant();
        var rest = SkipSeparators(line[match.Length..]);
        switch (word)
        {
            case "YES" or "TRUE" or "CORRECT" or "HAPPENED":
                return ParsedLine.Ok(new ReplyVerdict(ReplyVerdictKind.Yes), rest);
            case "NO" or "FALSE" or "WRONG":
                return ParsedLine.Ok(new ReplyVerdict(ReplyVerdictKind.No), rest);
            case "PARTIAL" or "PARTIALLY":
                return ParsePartial(rest);
            case "VOID" or "ANNUL":
                return ParsedLine.Ok(new ReplyVerdict(ReplyVerdictKind.Void, Reason: rest.Length == 0 ? null : rest), string.Empty);
            case "EXTEND":
                return ParseExtend(rest);
            case "VALUE":
                // "VALUE -0.3" is negative; "VALUE - 18%" is a dash separator.
                return ParseValue(ValueSeparator().Replace(line[match.Length..], string.Empty));
            case "CONDITION":
                return ParseCondition(rest);
            case "OVERRIDE" when allowOverride:
                var inner = ParseLine(rest, allowOverride: false);
                return inner.Problem is not null
                    ? ParsedLine.Fail("OVERRIDE must be followed by the new verdict, for example \"OVERRIDE NO\".")
                    : ParsedLine.Ok(new ReplyVerdict(ReplyVerdictKind.Override, Overridden: inner.Verdict), inner.Rest);
            default:
                return ParsedLine.Fail($"The first line \"{Shorten(line)}\" does not start with a verdict.");
        }
    }

    // CONDITION YES | NO | VALUE 9% | 9%: whether a conditional prediction's condition held (Domain/Predictions/Resolver).
    private static ParsedLine ParseCondition(string rest)
    {
        var inner = Keyword().IsMatch(rest) ? ParseLine(rest, allowOverride: false) : ParseValue(rest);
        return inner.Verdict is { Kind: ReplyVerdictKind.Yes or ReplyVerdictKind.No or ReplyVerdictKind.Value, IsCondition: false } v
            ? ParsedLine.Ok(v with { IsCondition = true }, inner.Rest)
            : ParsedLine.Fail("CONDITION needs YES, NO or the observed value, for example \"CONDITION NO\" or \"CONDITION 9%\".");
    }

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

            return ParsedLine.Ok(new ReplyVerdict(ReplyVerdictKind.Partial, Fraction: Math.Round(numerator / denominator, 4)), SkipSeparators(rest[ratio.Length..]));
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
            return ParsedLine.Ok(new ReplyVerdict(ReplyVerdictKind.Extend, Extension: ReplyExtension.ToDate(until)), SkipSeparators(rest[date.Length..]));
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
            return ParsedLine.Ok(new ReplyVerdict(ReplyVerdictKind.Extend, Extension: ReplyExtension.By(amount, unit)), SkipSeparators(rest[duration.Length..]));
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

        var unit = match.Groups["unit"].Success ? match.Groups["unit"].Value : match.Groups["cur"].Success ? match.Groups["cur"].Value : null;
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
    private static string Undecorate(string line) => line.Trim().Trim('*', '_', '~', '"', '\'', '`', '“', '”', '‘', '’', '«', '»', '•', ' ', '\t', '\u00A0');

    private static string SkipSeparators(string s) => s.TrimStart(' ', '\t', '.', ',', ';', ':', '!', '?', '-', '–', '—', '=', ')', '*', '_', '\u00A0').TrimEnd();

    private static string Join(string a, string b) => (a.Length, b.Length) switch
    {
        (0, _) => b,
        (_, 0) => a,
        _ => a + "\n" + b,
    };

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";

    private sealed record ParsedLine(ReplyVerdict? Verdict, string Rest, string? Problem)
    {
        public static ParsedLine Ok(ReplyVerdict verdict, string rest) => new(verdict, rest, null);

        public static ParsedLine Fail(string problem) => new(null, string.Empty, problem);
    }

    [GeneratedRegex(@"^([A-Za-z]+)(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Keyword();

    [GeneratedRegex(@"^(\d{1,6})\s*/\s*(\d{1,6})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Ratio();

    [GeneratedRegex(@"^(?<n>\d[\d,]*(?:\.\d+)?)\s*(?<pct>%|percent\b|per\s*cent\b)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    [GeneratedRegex(@"^(?<neg>[-−](?=[$€£¥\d]))?(?<cur>[$€£¥])?\s*(?<n>\d[\d,]*(?:\.\d+)?)(?:\s*(?<unit>%|[A-Za-z€$£¥][A-Za-z€$£¥/]*))?", RegexOptions.CultureInvariant)]
    private static partial Regex ValueNumber();

    [GeneratedRegex(@"^(?:[\s:=,]|[-–—](?![$€£¥\d]))+", RegexOptions.CultureInvariant)]
    private static partial Regex ValueSeparator();

    [GeneratedRegex(@"^\d{1,3}(?:,\d{3})+$", RegexOptions.CultureInvariant)]
    private static partial Regex ThousandsOnly();

    [GeneratedRegex(@"^(\d{4}-(?:\d{2}(?:-\d{2})?|[Qq][1-4]))(?![\d-])", RegexOptions.CultureInvariant)]
    private static partial Regex ExtendDate();

    [GeneratedRegex(@"^(\d{1,5})\s*(days?|d|weeks?|wks?|w|months?|mos?|m|years?|yrs?|y)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExtendDuration();

    [GeneratedRegex(@"https?://[^\s<>""'\[\]]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();
}
