using System.Globalization;
using System.Text.RegularExpressions;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Horizons;

namespace ForecastWatch.Domain.Extraction;

/// <summary>
/// Tables that are not markdown (whitespace-aligned, flattened one cell per line), period-value runs
/// ("2026e — 13.2m; 2027e — 14.8m"), and lists (bullets, arrows, "Label: value") under a lead-in line.
/// </summary>
public static partial class PredictionExtractor
{
    /// <summary>
    /// A period written as a column header or list label: 2026, 2026F, 2025e, 2027 (proj.), 2025 (actual), FY2027,
    /// 2026/27, Q3 2026, 3Q26, H2, H1 2028.
    /// </summary>
    [GeneratedRegex(@"^\s*(?:(?<fyp>FY)\s*'?(?<yy>\d\d)(?!\d)|(?:(?<fyp>FY)\s*)?(?<y>(?:19"
        + @"|20)\d\d)(?:\s*[/\-\u2013]\s*(?<y2>(?:19|20)?\d\d))?)"
        + @"\s*\(?\s*(?<mk>[AEFPaefp]|est\.?|estimated?|proj\.?|fcst|forecast|projected|projection|actual|outturn)?\.?\s*\)?\s*$"
        + @"|^\s*(?:Q(?<q>[1-4])|(?<q>[1-4])Q)\s*(?:(?<y>(?:19|20)\d\d)|'?(?<yy>\d\d))?\s*(?<mk>[EFef])?\s*$"
        + @"|^\s*(?<y>(?:19|20)\d\d)\s*[-/ ]?\s*Q(?<q>[1-4])\s*(?<mk>[EFef])?\s*$"
        + @"|^\s*(?:H(?<h>[12])|(?<h>[12])H)\s*(?:(?<y>(?:19|20)\d\d)|'?(?<yy>\d\d))?\s*(?<mk>[EFef])?\s*$"
        + @"|^\s*(?<y>(?:19|20)\d\d)\s*[-/ ]?\s*H(?<h>[12])\s*$",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PeriodRx();

    /// <summary>A list item: bullet, number, or none; then "label → value", "label: value" or "label   value".</summary>
    [GeneratedRegex(@"^\s*(?:[-*\u2022\u00B7\u25AA\u25E6\u2023\u2013\u2192\u25B8\u25BA\u00BB]\s+|-{1,2}>\s+|=>\s+|\d{1,2}[.)]\s+)",
        Options,
        matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^(?<label>[^:\u2192]{1,60}?)\s*(?<sep>\u2192|\u27F6|-{1,3}>|={1,2}>|\u21D2|:|\s{2,}|\t)\s*(?<value>\S.{0,70})$",
        Options,
        matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex LabelValue();

    /// <summary>A list item with the value first: "2.1% \u2014 euro-area growth", "$9,800/t: copper", "-0.4%: construction".</summary>
    [GeneratedRegex(@"^(?<value>[+\-\u2212]?(?:US\$|A\$|NZ\$|[$\u20AC\u00A3\u00A5\u20B9])?\d[\d,.]*\s?(?:%|pp|bps|bn|m|k|x|[a-z]{1,3}\b)?"
        + @"(?:/[a-z]{1,5})?(?:\s?(?:to|[-\u2013])\s?[$\u20AC\u00A3]?\d[\d,.]*\s?(?:%|pp|bn|m|k)?)?)"
        + @"(?<sep>\s+[\u2014\u2013]\s+|\s+-{1,2}\s+|:\s+)(?<label>[A-Za-z(][^\d]{2,70})$",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex ValueFirstItem();

    [GeneratedRegex(@"\b(?:lean|likely|safe|solid|tilt|toss[-\s]?up|hold|gain|flip)\b", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex RatingWord();

    [GeneratedRegex(@"(?<p>(?:FY\s*)?(?:19|20)\d\d(?:[/\u2013-]\d\d(?!\d))?\s*[AEFPaefp]?"
        + @"|FY\s*'?\d\d\s*[AEFPaefp]?|Q[1-4]\s*(?:19|20)\d\d|H[12]\s*(?:19|20)\d\d)"
        + @"\s*(?:[\u2014\u2013:=]|-{1,2})\s*(?<v>(?<!(?:19|20)\d\d[/\u2013-])[$\u20AC\u00A3]?\d[\d,.]*\s*(?:%|[a-zA-Z]{1,3}\b)?)",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PeriodValuePair();

    [GeneratedRegex(@"\b(?:forecasts?|projections?|projected|outlook|expected|expects?|estimates?|targets?|predictions?|predicted|scenario|"
        + @"model|projects?|consensus|guidance|will|would|should|likely)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex ForecastWords();

    private enum PeriodMark
    {
        None,
        Actual,
        Estimate,
        Forecast,
    }

    /// <summary>Reads a period label; a quarter or half without a year takes <paramref name="contextYear"/>, else the
    /// publication year's rule.</summary>
    private static Horizon? Period(string label, int? contextYear, PartialDate published, out PeriodMark mark) =>
        Period(label, contextYear, published, null, out mark, out _);

    /// <summary>
    /// Reads a period label. A fiscal year ("FY27", "FY2027", "2025-26", "2026/27") ends where <paramref name="fiscal"/>
    /// says; when nothing in the article says so, <paramref name="confirm"/> is why its date needs the desk (the horizon
    /// returned is then the calendar year, for ordering only).
    /// </summary>
    private static Horizon? Period(
        string label, int? contextYear, PartialDate published, FiscalYear? fiscal, out PeriodMark mark, out string? confirm)
    {
        mark = PeriodMark.None;
        confirm = null;
        label = NormalizePeriodLabel(label);
        var m = Bounded(() => PeriodRx().IsMatch(label)) ? PeriodRx().Match(label) : null;
        if (m is null)
        {
            return MonthPeriod(label, published, out mark); // "Year to June 2027", "Dec-27"
        }

        mark = m.Groups["mk"].Value.ToLowerInvariant() switch
        {
            "a" or "actual" or "outturn" => PeriodMark.Actual,
            "e" or "est" or "est." or "estimate" or "estimated" or "p" => PeriodMark.Estimate,
            "" => PeriodMark.None,
            _ => PeriodMark.Forecast,
        };
        int? year = m.Groups["y"].Success ? int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture)
            : m.Groups["yy"].Success ? 2000 + int.Parse(m.Groups["yy"].Value, CultureInfo.InvariantCulture) : contextYear;
        string phrase;
        if (m.Groups["q"].Success)
        {
            phrase = year is { } qy ? $"in Q{m.Groups["q"].Value} {qy}" : $"by Q{m.Groups["q"].Value}";
        }
        else if (m.Groups["h"].Success)
        {
            var half = m.Groups["h"].Value == "1" ? "first" : "second";
            phrase = $"in the {half} half of {year ?? published.Year}";
        }
        else
        {
            var y = year!.Value;
            if (m.Groups["y2"].Success)
            {
                var y2 = int.Parse(m.Groups["y2"].Value, CultureInfo.InvariantCulture);
                y2 = y2 < 100 ? y / 100 * 100 + y2 : y2;
                if (y2 != y + 1)
                {
                    return null; // "2024-28" is a span of years, not one fiscal year or season
                }

                y = y2;
            }

            var isFiscal = m.Groups["fyp"].Success || m.Groups["y2"].Success;
            if (isFiscal && fiscal is { } fy)
            {
                var end = new DateOnly(y, fy.EndMonth, 1).AddMonths(1).AddDays(-1);
                return new Horizon(label.Trim(), end.AddDays(1).AddYears(-1), end, DatePrecision.Month, end < published.First)
                {
                    Kind = HorizonKind.Period,
                };
            }

            if (isFiscal)
            {
                // Not registered with a date; for telling actual from forecast, the earliest common end (31 March).
                confirm = $"'{label.Trim()}' is a fiscal year or season whose end the article does not state: give it the date it ends.";
                phrase = "in March " + y.ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                phrase = "in " + y.ToString(CultureInfo.InvariantCulture);
            }
        }

        return HorizonParser.TryParse(phrase, published, out var h) ? h with { Text = label.Trim() } : null;
    }

    /// <summary>The month a fiscal year ends in, from what the article says ("years end 30 June") or its money ("Rs", "A$").</summary>
    private sealed record FiscalYear(int EndMonth, string Cue);

    [GeneratedRegex(@"\b(?:(?:fiscal|financial|budget)\s+years?|years?|fiscal\s+(?:19|20)?\d\d,?\s+(?:which|that))"
        + @"\s+(?:end(?:s|ing|ed)?|to|runs?\s+to|clos(?:es|ing))\s+(?:on\s+|in\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
        + @"(?<m>January|February|March|April|May|June|July|August|September"
        + @"|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b"
        + @"|\b(?<m>March|June|September)\s+(?:fiscal\s+|financial\s+)?years?\b(?![-\u2013])",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex FiscalEndCue();

    [GeneratedRegex(@"₹|\bRs\.?\s?\d|\b(?:INR|crores?|lakhs?|RBI)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex IndianCue();

    [GeneratedRegex(@"\bA\$\s?\d|\bAUD\b|\bAustralian\s+(?:budget|government|Treasury)\b|\bRBA\b|\bASX\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex AustralianCue();

    [GeneratedRegex(@"\b(?:federal\s+fiscal\s+year|Congressional\s+Budget\s+Office|CBO)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex UsFederalCue();

    [GeneratedRegex(@"\b(?:OBR|Office\s+for\s+Budget\s+Responsibility|HMRC|HM\s+Treasury|Chancellor\s+of\s+the\s+Exchequer"
        + @"|(?:borough|county|district|unitary)\s+council|council\s+tax|Local\s+Democracy\s+Reporting|NHS\s+(?:trust|England))\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex UkFiscalCue();

    [ThreadStatic]
    private static (string Text, FiscalYear? Year)? fiscalCache;

    private static FiscalYear? FiscalYearOf(string text)
    {
        if (fiscalCache is { } c && ReferenceEquals(c.Text, text))
        {
            return c.Year;
        }

        FiscalYear? fy = null;
        try
        {
            var m = FiscalEndCue().Match(text);
            if (m.Success)
            {
                var month = DateTime.ParseExact(m.Groups["m"].Value[..3], "MMM", CultureInfo.InvariantCulture).Month;
                fy = new FiscalYear(month, m.Value);
            }
            else if (IndianCue().IsMatch(text))
            {
                fy = new FiscalYear(3, "Indian money (years end 31 March)");
            }
            else if (AustralianCue().IsMatch(text))
            {
                fy = new FiscalYear(6, "Australian money (years end 30 June)");
            }
            else if (UsFederalCue().IsMatch(text))
            {
                fy = new FiscalYear(9, "US federal budget (years end 30 September)");
            }
            else if (UkFiscalCue().IsMatch(text))
            {
                fy = new FiscalYear(3, "UK public finances (years end 31 March)");
            }
        }
        catch (RegexMatchTimeoutException)
        {
            fy = null;
        }

        fiscalCache = (text, fy);
        return fy;
    }

    private static bool IsForecastPeriod(Horizon h, PeriodMark mark, PartialDate published, bool known, bool forecastContext) => mark switch
    {
        PeriodMark.Actual => false,
        PeriodMark.Forecast => true,
        PeriodMark.Estimate => !known || h.ResolveBy >= published.First,
        _ => known ? h.ResolveBy > published.Last || (forecastContext && h.ResolveBy >= published.First) : forecastContext,
    };

    private static int? YearIn(string? s)
    {
        if (s is null)
        {
            return null;
        }

        var m = AnyYear().Match(s);
        return m.Success ? int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Cells of a whitespace-aligned line: runs of two or more spaces (or a tab) separate them.</summary>
    private static List<Span> AlignedCells(string text, Span line)
    {
        var cells = new List<Span>();
        var i = line.Start;
        while (i < line.End && text[i] is ' ' or '\t')
        {
            i++;
        }

        var start = i;
        while (i < line.End)
        {
            if (text[i] == '\t' || (text[i] == ' ' && i + 1 < line.End && text[i + 1] is ' ' or '\t'))
            {
                cells.Add(new Span(start, i));
                while (i < line.End && text[i] is ' ' or '\t')
                {
                    i++;
                }

                start = i;
                continue;
            }

            i++;
        }

        if (start < line.End)
        {
            var end = line.End;
            while (end > start && text[end - 1] is ' ' or '\t')
            {
                end--;
            }

            if (end > start)
            {
                cells.Add(new Span(start, end));
            }
        }

        return cells;
    }

    private static bool IsNumberCell(string s)
    {
        if (IsRecordCell(s))
        {
            return true;
        }

        var t = s.Trim().TrimStart('+', '-', '\u2212', '$', '\u20AC', '\u00A3').TrimEnd('%', '*');
        return t.Length > 0 && char.IsAsciiDigit(t[0])
            && t.All(static c => char.IsAsciiDigit(c) || c is ',' or '.' or ' ' or 'm' or 'k' or 'b' or 'n');
    }

    /// <summary>A whitespace-aligned table: a header naming periods, then rows of a label and numbers.</summary>
    private static MarkdownTable? ReadAligned(string text, List<Span> lines, bool[] boiler, int first, out int last)
    {
        last = first;
        var header = AlignedCells(text, lines[first]);
        if (header.Count < 2 || (!header.Skip(1).Any(h => PeriodRx().IsMatch(text.Substring(h.Start, h.Length))
            || (header.Count >= 3 && Bounded(() => ForecastHeader().IsMatch(text.Substring(h.Start, h.Length)))))
            && header.Skip(1).Count(h => h.Length <= 30 && YearIn(text.Substring(h.Start, h.Length)) is not null) < 2))
        {
            return null; // no period column, no forecast column, and not two columns naming a year ("2027 Shipments*")
        }

        var rows = new List<TableRow>();
        for (var j = first + 1; j < lines.Count && !boiler[j]; j++)
        {
            var cells = AlignedCells(text, lines[j]);
            if (cells.Count == 1 && IsGroupHeader(text, lines, cells[0], j))
            {
                continue; // "Eastern Conference" between the header and the rows it groups
            }

            if (cells.Count < 2 || !cells.Skip(1).Any(c => IsNumberCell(text.Substring(c.Start, c.Length))))
            {
                break;
            }

            if (cells.Count == header.Count - 1)
            {
                cells.Insert(0, new Span(lines[j].Start, lines[j].Start)); // no row label
            }

            rows.Add(new TableRow(lines[j], cells));
            last = j;
        }

        if (rows.Count == 0)
        {
            return null;
        }

        if (rows[0].Cells.Count == header.Count + 1)
        {
            header.Insert(0, new Span(lines[first].Start, lines[first].Start)); // the label column has no header
        }

        return new MarkdownTable(first, last, header, rows);
    }

    /// <summary>A short line of words alone ("Eastern Conference", "Group A") followed by a row of the same table.</summary>
    private static bool IsGroupHeader(string text, List<Span> lines, Span cell, int j)
    {
        var s = text.Substring(cell.Start, cell.Length);
        if (s.Length > 40 || s.Any(char.IsAsciiDigit) || !s.Any(char.IsLetter) || s.TrimEnd()[^1] is '.' or ':' || j + 1 >= lines.Count)
        {
            return false;
        }

        var next = AlignedCells(text, lines[j + 1]);
        return next.Count >= 2 && next.Skip(1).Any(c => IsNumberCell(text.Substring(c.Start, c.Length)));
    }

    /// <summary>A table flattened one cell per line: a header label, N period lines, then rows of a label and N numbers.</summary>
    private static MarkdownTable? ReadFlattened(string text, List<Span> lines, bool[] boiler, int first, out int last)
    {
        last = first;
        string Line(int k) => text.Substring(lines[k].Start, lines[k].Length).Trim();
        var k0 = first + 1;
        var periods = 0;
        while (k0 + periods < lines.Count && !boiler[k0 + periods] && Line(k0 + periods).Length is > 0 and <= 12
            && PeriodRx().IsMatch(Line(k0 + periods)))
        {
            periods++;
        }

        if (periods < 2 || Line(first).Length is 0 or > 60 || IsNumberCell(Line(first)))
        {
            return null;
        }

        var header = new List<Span> { lines[first] };
        header.AddRange(Enumerable.Range(k0, periods).Select(k => lines[k]));
        var rows = new List<TableRow>();
        var j = k0 + periods;
        while (j + periods < lines.Count)
        {
            var label = Line(j);
            if (label.Length is 0 or > 60 || IsNumberCell(label) || boiler[j])
            {
                break;
            }

            var values = Enumerable.Range(j + 1, periods).ToList();
            if (!values.All(v => !boiler[v] && IsNumberCell(Line(v))))
            {
                break;
            }

            var cells = new List<Span> { lines[j] };
            cells.AddRange(values.Select(v => lines[v]));
            rows.Add(new TableRow(new Span(lines[j].Start, lines[j + periods].End), cells));
            last = j + periods;
            j += periods + 1;
        }

        return rows.Count == 0 ? null : new MarkdownTable(first, last, header, rows);
    }

    /// <summary>
    /// "Subscribers: 2024 — 9.1m; 2025 — 11.4m; 2026e — 13.2m": one candidate per forecast period. False when the
    /// line is not such a run.
    /// </summary>
    private static bool ReadPeriodRun(string text, Span line, PartialDate published, bool known, List<PredictionCandidate> output)
    {
        var s = text.Substring(line.Start, line.Length);
        var pairs = Bounded(() => PeriodValuePair().Count(s) >= 2) ? PeriodValuePair().Matches(s) : null;
        if (pairs is null)
        {
            return false;
        }

        var metric = s[..pairs[0].Index].Trim().TrimEnd(':', ' ', '\u2014', '-');
        var context = ForecastWords().IsMatch(s);
        foreach (Match p in pairs)
        {
            var h = Period(p.Groups["p"].Value, null, published, FiscalYearOf(text), out var mark, out var confirm);
            if (h is null || !IsForecastPeriod(h, mark, published, known, context))
            {
                continue;
            }

            var value = p.Groups["v"].Value.Trim().TrimEnd('|', ';', ',', ' ');
            var q = WithTableUnit(QuantityReader.ReadCell(value, metric.Length == 0 ? "value" : metric), metric, "", "", null);
            if (q is null)
            {
                continue;
            }

            var c = StructureCandidate(text, line.Start + p.Index, line.Start + p.Index + p.Length, $"{metric}: {value} in {h.Text}",
                confirm is null ? h : null, q, null, CandidateSource.Table, 0.8);
            output.Add(confirm is null ? c : c with { Horizon = h.Text, UndatedReason = confirm, Confidence = 0.6 });
        }

        return true;
    }

    private static PredictionCandidate StructureCandidate(string text, int start, int end, string claim, Horizon? h, Quantity? q,
        string? condition, CandidateSource source, double confidence)
    {
        var by = h is null ? "" : string.Create(CultureInfo.InvariantCulture, $" (by {h.ResolveBy:yyyy-MM-dd})");
        return new PredictionCandidate
        {
            Quote = text[start..end],
            Start = start,
            End = end,
            Claim = string.Join(' ', claim.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.', ':', ' ') + by + ".",
            Horizon = h?.Text ?? condition,
            ResolveBy = h?.ResolveBy,
            Earliest = h?.Earliest,
            Precision = h?.Precision,
            UndatedReason = h is null && condition is not null
                ? $"The horizon is an event ('{condition}'), not a date: give it one when the event is scheduled." : null,
            Kind = q?.Kind ?? CandidateKind.Event,
            Metric = q?.Metric,
            Comparator = q?.Comparator,
            Threshold = q?.Value,
            Low = q?.Low,
            High = q?.High,
            Unit = q?.Unit,
            Condition = condition,
            Confidence = h is null ? confidence - 0.2 : confidence,
            Source = source,
            RelativeHorizon = h?.Relative ?? false,
        };
    }

    /// <summary>
    /// What a lead-in line ("By 2035, the share of renters will be:", "Regional forecasts for 2027:") gives the lines
    /// under it.
    /// </summary>
    private static LeadIn? ReadLeadIn(string lead, PartialDate published)
    {
        if (lead.Length == 0)
        {
            return null;
        }

        lead = Bounded(() => HyphenedPeriod().IsMatch(lead)) ? HyphenedPeriod().Replace(lead, "$1 $2") : lead; // "first-quarter outlook"
        var h = MonthRange(lead, published)
            ?? HorizonParser.FindAll(lead, published).FirstOrDefault(static x => !x.Horizon.EndsBeforePublication)?.Horizon;
        if (h is null && YearIn(lead) is { } y && y >= published.Year)
        {
            HorizonParser.TryParse("in " + y.ToString(CultureInfo.InvariantCulture), published, out h);
        }

        var ev = Bounded(() => EventHorizon().IsMatch(lead)) ? EventHorizon().Match(lead).Value.Trim() : null;
        var forecast = Bounded(() => ForecastWords().IsMatch(lead) || ReportedCueMatch(lead).Success || ForwardCue().IsMatch(lead));
        return new LeadIn(lead.Trim(), h, forecast, ev);
    }

    private static bool IsItemLine(string s) =>
        Bounded(() => Bullet().IsMatch(s)) || s.Contains('\u2192', StringComparison.Ordinal) || s.Contains("->", StringComparison.Ordinal)
        || s.Contains("=>", StringComparison.Ordinal) || s.Contains('\u27F6', StringComparison.Ordinal)
        || (s.Length <= 80 && s.TrimEnd()[^1] is not ('.' or '!' or '?') && Bounded(() => LabelValue().IsMatch(s.Trim()))
            && HasDigitOrRating(s)
            && LabelValue().Match(s.Trim()).Groups["value"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 4);

    private static bool HasDigitOrRating(string s) => s.Any(char.IsAsciiDigit) || Bounded(() => RatingWord().IsMatch(s));

    /// <summary>
    /// One list line under an optional lead-in. A sentence ("- Sales are targeted to reach £12bn by 2030") is read as
    /// prose with the lead-in's horizon; "label → value", "label: value" or "Q2 2026: 10,500" becomes one candidate
    /// when the lead-in, the label's period or the value says it is a forecast.
    /// </summary>
    private static void ReadItem(string text, Span line, PartialDate published, bool known, LeadIn? leadIn, bool outlookSection,
        List<PredictionCandidate> output)
    {
        var s = text.Substring(line.Start, line.Length);
        var bullet = Bullet().Match(s);
        var bodyStart = line.Start + (bullet.Success ? bullet.Length : 0);
        while (bodyStart < line.End && char.IsWhiteSpace(text[bodyStart]))
        {
            bodyStart++;
        }

        var body = text[bodyStart..line.End].TrimEnd();
        var vf = body.Length <= 100 && leadIn is not null ? ValueFirstItem().Match(body) : Match.Empty; // "2.1% — euro-area growth"
        if (vf.Success && Period(vf.Groups["value"].Value.Trim(), null, published, out _) is not null)
        {
            vf = Match.Empty; // "2027: completions recover" is a period label, not a value
        }

        var lv = vf.Success ? vf : body.Length <= 100 ? LabelValue().Match(body) : Match.Empty;
        var sentenceLike = body.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 7
            && (ForwardCue().IsMatch(body) || ReportedCueMatch(body).Success || body[^1] == '.');
        if (!lv.Success || sentenceLike)
        {
            ReadParagraph(text, new Span(bodyStart, line.End), published, outlookSection, output, leadIn);
            return;
        }

        var label = lv.Groups["label"].Value.Trim().TrimEnd('.');
        var value = lv.Groups["value"].Value.Trim().TrimEnd('.');
        var arrow = lv.Groups["sep"].Value is "\u2192" or "\u27F6" or "\u21D2" || lv.Groups["sep"].Value.EndsWith('>');
        var contextYear = YearIn(leadIn?.Text);
        var labelPeriod = Period(label, contextYear, published, out var labelMark);
        if (labelPeriod is null && label.Length <= 30 && YearIn(label) is not null
            && HeaderHorizon(label, published, known, out var labelAhead) is { } yearLabel && labelAhead)
        {
            labelPeriod = yearLabel; // "2028 average", "2027 full year": a year still ahead
            labelMark = PeriodMark.Forecast;
        }
        var valueHorizon = HorizonParser.FindAll(value, published).FirstOrDefault()?.Horizon
            ?? Period(value, contextYear, published, out _);
        var h = labelPeriod ?? valueHorizon ?? leadIn?.Horizon;
        var cue = ForwardCue().IsMatch(body) || ReportedCueMatch(body).Success;
        var forecast = leadIn is { Forecast: true } || cue || outlookSection
            || (labelPeriod is not null && IsForecastPeriod(labelPeriod, labelMark, published, known, leadIn is { Forecast: true }))
            || (valueHorizon is not null && !valueHorizon.EndsBeforePublication && labelPeriod is null)
            || (arrow && (leadIn?.Horizon is not null || RatingWord().IsMatch(value)));
        if (!forecast || h is { EndsBeforePublication: true })
        {
            return;
        }

        var q = valueHorizon is not null && labelPeriod is null ? QuantityBesideHorizon(value, published, label)
            : QuantityReader.ReadCell(value, label);
        q = WithPerUnit(WithTableUnit(q, label, "", "", leadIn?.Text), value);
        if (q is null && valueHorizon is null && !RatingWord().IsMatch(value))
        {
            return;
        }

        var lead = leadIn is null ? "" : " (" + leadIn.Text.TrimEnd(':', ' ') + ")";
        output.Add(StructureCandidate(text, bodyStart, line.End, $"{label}: {value}{lead}", h, q, h is null ? leadIn?.Event : null,
            CandidateSource.Table, 0.75));
    }

    /// <summary>A win-loss(-tie) record in a cell: "58-24", "10-6-1".</summary>
    [GeneratedRegex(@"^\s*(?<w>\d{1,3})\s?[-\u2013]\s?(?<l>\d{1,3})(?:\s?[-\u2013]\s?(?<t>\d{1,3}))?\s*\*?\s*$",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex RecordCell();

    /// <summary>A column of win-loss records: "W-L", "Proj. W-L", "Record", "W-L-T" ("130-167" under "Seats" is a range).</summary>
    [GeneratedRegex(@"\bW\s?[-/]\s?L\b|\brecord\b|\bwin[-\s]loss\b", Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex RecordHeader();

    private static bool IsRecordCell(string s) => s.Length <= 14 && Bounded(() => RecordCell().IsMatch(s));

    /// <summary>A column a projection table holds forecasts in without a period: odds, chances, records, playoff %.</summary>
    [GeneratedRegex(@"\b(?:odds|chances?|probability|prob|likelihood|W-L(?:-T)?|record|wins?|losses|seats|points|pts|playoffs?|title|"
        + @"champion(?:ship)?s?|make|reach|qualify|relegation|promotion|seed|finish)\b|%",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex ProjectionColumn();

    /// <summary>"The regular season ends on April 12, 2027", "the season closes in May": when the projected season ends.</summary>
    [GeneratedRegex(@"\bseason\s+(?:ends|finishes|closes|concludes|wraps\s+up|runs\s+(?:through|until|to))\s+(?:on\s+|in\s+)?"
        + @"(?<d>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*(?:19|20)\d\d)?|\d{1,2}\s+[A-Z][a-z]{2,8}(?:\s+(?:19|20)\d\d)?"
        + @"|[A-Z][a-z]{2,8}(?:\s+(?:19|20)\d\d)?)",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex SeasonEndCue();

    /// <summary>When the season a sports projection table is for ends, from the article's own words; null when not stated.</summary>
    private static Horizon? SeasonEnd(string text, PartialDate published)
    {
        var m = Bounded(() => SeasonEndCue().IsMatch(text)) ? SeasonEndCue().Match(text) : null;
        return m is not null && HorizonParser.TryParse("by " + m.Groups["d"].Value.TrimEnd('.'), published, out var h)
            && !h.EndsBeforePublication
            ? h
            : null;
    }

    /// <summary>A record cell as a quantity: the wins, with the losses in the claim.</summary>
    private static Quantity? RecordQuantity(string cell, string rowLabel)
    {
        var m = Bounded(() => RecordCell().IsMatch(cell)) ? RecordCell().Match(cell) : null;
        return m is null ? null
            : new Quantity(CandidateKind.Threshold, "=", decimal.Parse(m.Groups["w"].Value, CultureInfo.InvariantCulture), null, null,
                "wins", rowLabel.Length == 0 ? "wins" : rowLabel + " wins");
    }

    /// <summary>"$9,800/t", "$85/bbl", "€92/MWh": the per-unit after the number joins the unit.</summary>
    [GeneratedRegex(@"\d\s?(?<u>/\s?[A-Za-z]{1,5})\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex PerUnit();

    private static Quantity? WithPerUnit(Quantity? q, string value)
    {
        if (q is null || (q.Unit?.Contains('/', StringComparison.Ordinal) ?? false))
        {
            return q;
        }

        var m = Bounded(() => PerUnit().IsMatch(value)) ? PerUnit().Match(value) : null;
        return m is null ? q : q with { Unit = (q.Unit ?? "") + m.Groups["u"].Value.Replace(" ", "", StringComparison.Ordinal) };
    }

    /// <summary>"1.5C above pre-industrial levels from 2029 to 2033": the number beside a horizon in a list value.</summary>
    private static Quantity? QuantityBesideHorizon(string value, PartialDate published, string label)
    {
        var rest = value;
        foreach (var h in HorizonParser.FindAll(value, published).OrderByDescending(static h => h.Start))
        {
            rest = rest[..h.Start] + new string(' ', h.Length) + rest[(h.Start + h.Length)..];
        }

        if (!rest.Any(char.IsAsciiDigit))
        {
            return null;
        }

        var q = QuantityReader.ReadCell(rest, label);
        var deg = q is null && Bounded(() => Degrees().IsMatch(rest)) ? Degrees().Match(rest) : null;
        return deg is null ? q
            : new Quantity(CandidateKind.Threshold, "=", decimal.Parse(deg.Groups["n"].Value, CultureInfo.InvariantCulture), null, null,
                "\u00B0C", label);
    }

    /// <summary>"1.5C", "1.5 °C", "2 degrees C": a temperature.</summary>
    [GeneratedRegex(@"(?<![\d.])(?<n>\d{1,2}(?:\.\d{1,2})?)\s?(?:\u00B0\s?C|C\b|degrees?\s+(?:C\b|Celsius))",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex Degrees();

    private const string NoTableDate =
        "The table gives no date for this column and the text around it none either: give the date it resolves by.";

    /// <summary>A unit on its own: "£m", "EUR bn", "% y/y", "pence", "A$bn", "million tonnes".</summary>
    [GeneratedRegex(@"^(?:%(?:\s*(?:y/y|yoy|q/q|of\s+GDP|change|pts?))?|pp|bps|pence|p|cents?|seats|pts|points"
        + @"|(?:[\u00A3$\u20AC\u00A5\u20B9]|US\$|A\$|C\$|EUR|USD|GBP|AUD|CAD|INR|CHF|JPY|Rs\.?)"
        + @"\s?(?:m|mn|bn|b|k|tn|million|billion|thousand|trillion|crores?|lakhs?)?"
        + @"|(?:m|mn|bn|million|billion|thousand|'000s?)(?:\s+[a-z]+)?"
        + @"|(?:(?:m|mn|bn|k|thousand|million|billion)\s+)?(?:kt|Mt|mt|t|tonnes?|oz|koz|Moz|bbl(?:/d)?|b/d|mb/d|kb/d|bcm|bcf"
        + @"|GW|MW|GWh|TWh|MWh|units)"
        + @"|[$\u20AC\u00A3]\s?/\s?(?:t|oz|bbl|MWh|lb))$",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex UnitOnly();

    [GeneratedRegex(@"\((?<u>[^()]{1,20})\)|,\s*(?<u>[^,]{1,20})$|\bin\s+(?<u>[^,()]{1,20})$",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex UnitAside();

    /// <summary>The unit a label states: all of it ("£m") or in brackets or after a comma ("Net cash (£m)", "GDP, % y/y").</summary>
    private static string? UnitIn(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return null;
        }

        var t = label.Trim().Trim('*', ' ', ':');
        if (t.Length <= 20 && Bounded(() => UnitOnly().IsMatch(t)))
        {
            return t;
        }

        foreach (Match m in UnitAside().Matches(t))
        {
            var u = m.Groups["u"].Value.Trim();
            if (Bounded(() => UnitOnly().IsMatch(u)))
            {
                return u;
            }
        }

        return null;
    }

    /// <summary>A cell's quantity with the unit its row label, column header, corner cell or caption gives when the
    /// cell has none.</summary>
    private static Quantity? WithTableUnit(Quantity? q, string rowLabel, string columnHeader, string corner, string? caption)
    {
        if (q is null || q.Unit is not null)
        {
            return q;
        }

        var unit = UnitIn(rowLabel) ?? UnitIn(columnHeader) ?? UnitIn(corner) ?? UnitIn(caption);
        return unit is null ? q : q with { Unit = unit };
    }

    /// <summary>
    /// A column of dates with no numbers ("Pilot line opens | H2 2026"): each row's milestone is forecast to happen by
    /// that date, when the date is still ahead of publication.
    /// </summary>
    private static void ReadMilestones(
        string text, MarkdownTable table, int col, string header, PartialDate published, List<PredictionCandidate> output)
    {
        foreach (var row in table.Rows)
        {
            if (row.Cells.Count <= col)
            {
                continue;
            }

            var milestone = text.Substring(row.Cells[0].Start, row.Cells[0].Length).Trim('*', ' ');
            var cell = text.Substring(row.Cells[col].Start, row.Cells[col].Length).Trim('*', ' ');
            if (milestone.Length is < 3 or > 120 || cell.Length is 0 or > 30 || !milestone.Any(char.IsLetter)
                || Period(milestone, null, published, out _) is not null)
            {
                continue;
            }

            var h = Period(cell, null, published, out var mark);
            if (h is null)
            {
                var found = HorizonParser.FindAll(cell, published).FirstOrDefault();
                h = found is not null && found.Length >= cell.Length - 2 ? found.Horizon : null;
            }

            // A day ("17 March 2027") is a calendar of scheduled events, not a roadmap: only periods are milestones here.
            if (h is null || mark == PeriodMark.Actual || h.Precision == DatePrecision.Day || h.EndsBeforePublication
                || h.ResolveBy <= published.Last)
            {
                continue;
            }

            var quote = RowQuote(text, new Span(row.Line.Start, Math.Max(row.Cells[col].End, row.Cells[0].End)));
            var claim = $"{milestone} by {cell} ({header})";
            output.Add(StructureCandidate(text, quote.Start, quote.End, claim, h, null, null, CandidateSource.Table, 0.7));
        }
    }
}
