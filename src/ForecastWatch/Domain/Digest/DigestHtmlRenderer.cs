using System.Globalization;
using System.Text;
using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Domain.Digest;

/// <summary>
/// The text/html part: XHTML (loads with System.Xml), inline styles only, table layout, no scripts and no images,
/// so it renders the same in web mail, Outlook and text-only viewers. The calibration chart is table cells with
/// background colours, and every bar carries its number as text.
/// </summary>
public static class DigestHtmlRenderer
{
    private const int BarPixels = 200;
    private const string ForecastColour = "#9e9e9e";
    private const string ObservedColour = "#1a73e8";
    private const string Body = "margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.4;color:#222222;"
        + "background-color:#ffffff;";
    private const string H1 = "font-size:20px;margin:0 0 4px 0;";
    private const string H2 = "font-size:16px;margin:24px 0 8px 0;padding-bottom:4px;border-bottom:1px solid #dddddd;";
    private const string Muted = "color:#555555;font-size:13px;margin:4px 0;";
    private const string Cell = "padding:4px 8px;border-bottom:1px solid #eeeeee;text-align:left;vertical-align:top;";
    private const string NumberCell = "padding:4px 8px;border-bottom:1px solid #eeeeee;text-align:right;vertical-align:top;";

    public static string Render(DigestModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var sb = new StringBuilder(16 * 1024);
        var title = Xhtml.Encode(DigestPhrases.Title(model));
        sb.Append("<!DOCTYPE html>\n");
        sb.Append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"en\">\n");
        sb.Append("<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\" />");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />");
        sb.Append("<title>").Append(title).Append("</title></head>\n");
        sb.Append("<body style=\"").Append(Body).Append("\">\n");
        sb.Append("<h1 style=\"").Append(H1).Append("\">").Append(title).Append("</h1>\n");
        P(sb, DigestPhrases.Period(model), Muted);

        H(sb, DigestPhrases.ResolvedHeading(model), "resolved");
        Items(sb, model.Resolved, static (sb, p) =>
        {
            ItemTitle(sb, DigestPhrases.Item(p));
            sb.Append("<br />").Append(Xhtml.Encode(DigestPhrases.Resolution(p)));
            if (DigestPhrases.EvidenceLabel(p) is { } label)
            {
                sb.Append("<br />").Append(Xhtml.Encode(label));
                Evidence(sb, p.Evidence!);
            }
        });

        H(sb, DigestPhrases.ScorecardHeading(model), "scorecard");
        Scorecard(sb, model.Scorecard);
        P(sb, DigestPhrases.ScorecardNote(model.Scorecard), Muted);
        foreach (var line in DigestPhrases.Explanations(model.Scorecard))
        {
            P(sb, line, Muted);
        }

        H(sb, DigestPhrases.CalibrationHeading, "calibration");
        Calibration(sb, model.Scorecard.Overall.Calibration);

        H(sb, DigestPhrases.OverdueHeading(model), "overdue");
        Items(sb, model.Overdue, static (sb, item) =>
        {
            ItemTitle(sb, DigestPhrases.Item(item.Prediction));
            sb.Append("<br />").Append(Xhtml.Encode(DigestPhrases.Overdue(item) + " " + DigestPhrases.Asked(item)));
        });

        H(sb, DigestPhrases.DueSoonHeading(model), "due-soon");
        Items(sb, model.DueSoon, static (sb, item) =>
        {
            ItemTitle(sb, DigestPhrases.Item(item.Prediction));
            sb.Append("<br />").Append(Xhtml.Encode(DigestPhrases.DueSoon(item)));
        });

        H(sb, DigestPhrases.DeliveryHeading(model), "delivery");
        Items(sb, model.DeliveryProblems, static (sb, problem) => sb.Append(Xhtml.Encode(DigestPhrases.Delivery(problem))));

        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    private static void Items<T>(StringBuilder sb, DigestList<T> list, Action<StringBuilder, T> item)
    {
        if (list.Total == 0)
        {
            P(sb, DigestPhrases.Nothing, Muted);
            return;
        }

        sb.Append("<ul style=\"margin:0;padding-left:20px;\">\n");
        foreach (var i in list.Items)
        {
            sb.Append("<li style=\"margin:0 0 8px 0;\">");
            item(sb, i);
            sb.Append("</li>\n");
        }

        sb.Append("</ul>\n");
        if (list.Hidden > 0)
        {
            P(sb, DigestPhrases.More(list.Hidden), Muted);
        }
    }

    private static void ItemTitle(StringBuilder sb, string text) =>
        sb.Append("<strong>").Append(Xhtml.Encode(text)).Append("</strong>");

    /// <summary>Absolute http(s) URLs become links; anything else (including javascript: URLs) stays text.</summary>
    private static void Evidence(StringBuilder sb, string evidence)
    {
        var first = true;
        foreach (var token in evidence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!first)
            {
                sb.Append(' ');
            }

            first = false;
            var trimmed = token.TrimEnd(',', ';', '.', ')');
            if (Xhtml.IsSafeLink(trimmed, out var uri))
            {
                sb.Append("<a href=\"").Append(Xhtml.Encode(uri!.AbsoluteUri)).Append("\" style=\"color:#1a0dab;\">")
                    .Append(Xhtml.Encode(trimmed)).Append("</a>").Append(Xhtml.Encode(token[trimmed.Length..]));
            }
            else
            {
                sb.Append(Xhtml.Encode(token));
            }
        }
    }

    private static void Scorecard(StringBuilder sb, Scorecard card)
    {
        sb.Append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;"
            + "font-size:13px;\">\n<tr>");
        foreach (var column in DigestPhrases.ScorecardColumns)
        {
            sb.Append("<th style=\"").Append(Cell).Append("border-bottom:2px solid #cccccc;\">").Append(Xhtml.Encode(column))
                .Append("</th>");
        }

        sb.Append("</tr>\n");
        foreach (var g in card.Groups)
        {
            ScorecardRow(sb, DigestPhrases.ScorecardRow(g), bold: false);
        }

        ScorecardRow(sb, DigestPhrases.ScorecardRow(card.Overall), bold: true);
        sb.Append("</table>\n");
    }

    private static void ScorecardRow(StringBuilder sb, string[] cells, bool bold)
    {
        sb.Append("<tr>");
        for (var i = 0; i < cells.Length; i++)
        {
            sb.Append("<td style=\"").Append(i == 1 ? Cell : NumberCell).Append(bold ? "font-weight:bold;" : "").Append("\">")
                .Append(Xhtml.Encode(cells[i])).Append("</td>");
        }

        sb.Append("</tr>\n");
    }

    private static void Calibration(StringBuilder sb, IReadOnlyList<CalibrationBucket> buckets)
    {
        var shown = buckets.Where(static b => b.Count > 0).ToList();
        if (shown.Count == 0)
        {
            P(sb, DigestPhrases.NoCalibration, Muted);
            return;
        }

        sb.Append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;"
            + "font-size:13px;\">\n");
        foreach (var b in shown)
        {
            // The row's sentence is the same as the text part's; the bars repeat it visually.
            sb.Append("<tr><td colspan=\"2\" style=\"padding:6px 0 2px 0;\">").Append(Xhtml.Encode(DigestPhrases.CalibrationRow(b)))
                .Append("</td></tr>\n");
            BarRow(sb, "forecast", b.MeanPredicted, ForecastColour);
            BarRow(sb, "came true", b.ObservedRate, ObservedColour);
        }

        sb.Append("</table>\n");
        sb.Append("<p style=\"").Append(Muted).Append("\"><span style=\"color:").Append(ForecastColour)
            .Append(";\">&#9632;</span> forecast &#160; <span style=\"color:")
            .Append(ObservedColour).Append(";\">&#9632;</span> came true</p>\n");
    }

    private static void BarRow(StringBuilder sb, string label, double? fraction, string colour)
    {
        var width = (int)Math.Round((fraction ?? 0) * BarPixels);
        var inv = CultureInfo.InvariantCulture;
        sb.Append("<tr><td style=\"padding:1px 8px 1px 12px;color:#555555;white-space:nowrap;\">").Append(label)
            .Append("</td><td style=\"padding:1px 0;\">");
        sb.Append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr>");
        if (width > 0)
        {
            sb.Append(inv, $"<td width=\"{width}\" height=\"12\" bgcolor=\"{colour}\" style=\"width:{width}px;height:12px;"
                + $"background-color:{colour};font-size:1px;line-height:1px;\">&#160;</td>");
        }

        sb.Append("<td style=\"padding-left:6px;font-size:12px;\">").Append(ScorecardFormatter.Percent(fraction))
            .Append("</td></tr></table></td></tr>\n");
    }

    private static void H(StringBuilder sb, string text, string id) =>
        sb.Append("<h2 id=\"").Append(id).Append("\" style=\"").Append(H2).Append("\">").Append(Xhtml.Encode(text)).Append("</h2>\n");

    private static void P(StringBuilder sb, string text, string style) =>
        sb.Append("<p style=\"").Append(style).Append("\">").Append(Xhtml.Encode(text)).Append("</p>\n");
}
