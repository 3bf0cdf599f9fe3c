using System.Text;
using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Domain.Digest;

/// <summary>The text/plain part of the digest: the same sections and sentences as the HTML part.</summary>
public static class DigestTextRenderer
{
    private const int BarWidth = 20;

    public static string Render(DigestModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var sb = new StringBuilder();
        Line(sb, DigestPhrases.Title(model));
        Line(sb, DigestPhrases.Period(model));

        Heading(sb, DigestPhrases.ResolvedHeading(model));
        Items(sb, model.Resolved, static (sb, p) =>
        {
            Line(sb, "- " + DigestPhrases.Item(p));
            Line(sb, "  " + DigestPhrases.Resolution(p));
            if (DigestPhrases.EvidenceLabel(p) is { } label)
            {
                Line(sb, "  " + label + p.Evidence);
            }
        });

        Heading(sb, DigestPhrases.ScorecardHeading(model));
        var rows = new List<string[]> { DigestPhrases.ScorecardColumns };
        rows.AddRange(model.Scorecard.Groups.Select(DigestPhrases.ScorecardRow));
        rows.Add(DigestPhrases.ScorecardRow(model.Scorecard.Overall));
        Table(sb, rows);
        Line(sb, DigestPhrases.ScorecardNote(model.Scorecard));
        foreach (var line in DigestPhrases.Explanations(model.Scorecard))
        {
            Line(sb, line);
        }

        Heading(sb, DigestPhrases.CalibrationHeading);
        var buckets = model.Scorecard.Overall.Calibration.Where(static b => b.Count > 0).ToList();
        if (buckets.Count == 0)
        {
            Line(sb, DigestPhrases.NoCalibration);
        }

        foreach (var b in buckets)
        {
            Line(sb, DigestPhrases.CalibrationRow(b));
            Line(sb, "  forecast   |" + Bar(b.MeanPredicted));
            Line(sb, "  came true  |" + Bar(b.ObservedRate));
        }

        Heading(sb, DigestPhrases.OverdueHeading(model));
        Items(sb, model.Overdue, static (sb, item) =>
        {
            Line(sb, "- " + DigestPhrases.Item(item.Prediction));
            Line(sb, "  " + DigestPhrases.Overdue(item) + " " + DigestPhrases.Asked(item));
        });

        Heading(sb, DigestPhrases.DueSoonHeading(model));
        Items(sb, model.DueSoon, static (sb, item) =>
        {
            Line(sb, "- " + DigestPhrases.Item(item.Prediction));
            Line(sb, "  " + DigestPhrases.DueSoon(item));
        });

        Heading(sb, DigestPhrases.DeliveryHeading(model));
        Items(sb, model.DeliveryProblems, static (sb, problem) => Line(sb, "- " + DigestPhrases.Delivery(problem)));
        return sb.ToString();
    }

    private static void Items<T>(StringBuilder sb, DigestList<T> list, Action<StringBuilder, T> item)
    {
        if (list.Total == 0)
        {
            Line(sb, DigestPhrases.Nothing);
            return;
        }

        foreach (var i in list.Items)
        {
            item(sb, i);
        }

        if (list.Hidden > 0)
        {
            Line(sb, DigestPhrases.More(list.Hidden));
        }
    }

    private static string Bar(double? fraction)
    {
        var n = (int)Math.Round((fraction ?? 0) * BarWidth);
        return new string('#', n) + new string(' ', BarWidth - n) + "| " + ScorecardFormatter.Percent(fraction);
    }

    private static void Table(StringBuilder sb, List<string[]> rows)
    {
        var widths = new int[rows[0].Length];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], Clean(row[i]).Length);
            }
        }

        foreach (var row in rows)
        {
            var line = new StringBuilder();
            for (var i = 0; i < row.Length; i++)
            {
                line.Append(i == 1 ? Clean(row[i]).PadRight(widths[i]) : Clean(row[i]).PadLeft(widths[i])).Append("  ");
            }

            Line(sb, line.ToString().TrimEnd());
        }
    }

    private static void Heading(StringBuilder sb, string text)
    {
        sb.Append('\n');
        Line(sb, text);
        Line(sb, new string('=', text.Length));
    }

    /// <summary>Line breaks inside data would let a claim fake a section; the text part keeps one item per line.</summary>
    private static void Line(StringBuilder sb, string text) => sb.Append(Clean(text)).Append('\n');

    private static string Clean(string text) => ScorecardFormatter.Clean(text);
}
