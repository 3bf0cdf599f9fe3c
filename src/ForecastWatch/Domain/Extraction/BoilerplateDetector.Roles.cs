using System.Text.RegularExpressions;

namespace ForecastWatch.Domain.Extraction;

/// <summary>
/// Line roles of agency, company and newsroom documents that are not article body (issue #15, genre and line roles):
/// site notices and maintenance windows, page-dating footers ("Page last modified:", "Published :"), release stamps
/// ("For immediate release", "Press release -"), contact lines (phone numbers, e-mail addresses, "for more information"),
/// wire credits ("Reporting by ... Editing by"), bylines, disclaimers, and legends that define keys ("f = forecast").
/// </summary>
internal static partial class BoilerplateDetector
{
    [GeneratedRegex(
        @"^\W*(?:site|service|system|website|maintenance|planned)\s+(?:notice|alert|status|message|maintenance)\s*:"
        + @"|\bscheduled\s+(?:maintenance|downtime|outage)\b|\bmay\s+interrupt\b"
        + @"|\bpage\s+(?:was\s+)?(?:last\s+)?(?:modified|updated|reviewed|edited)\b|^\W*last\s+(?:modified|updated|reviewed)\s*:"
        + @"|^\W*(?:published|updated|posted|modified|first\s+published)\s*:"
        + @"|^\W*(?:for\s+immediate\s+release|(?:press|news|media)\s+release\s*(?:[-\u2013\u2014|:]|$)|embargoed\b)"
        + @"|^\W*(?:(?:media|press|investor|editorial|news)\s+)?(?:contacts?|enquiries|inquiries)\s*:"
        + @"|\bfor\s+(?:more|further)\s+information\b|\bplease\s+contact\b"
        + @"|\(\d{3}\)\s?\d{3}[-.\s]\d{4}|(?<![\w.])\+\d{1,3}[\s-]\d[\d\s-]{6,}\d|[\w.+-]+@[\w-]+\.[a-z]{2,}"
        + @"|^\W*\(?(?:reporting|writing|additional\s+reporting|compiled)\s+by\b|\bediting\s+by\b"
        + @"|\b(?:does\s+not|do\s+not|is\s+not\s+intended\s+to)\s+constitute\s+(?:investment|financial|legal|tax)?\s*advice\b"
        + @"|\bfor\s+information(?:al)?\s+(?:purposes\s+)?only\b|\bcontains?\s+forward[-\s]looking\s+statements\b"
        + @"|^\W*\(?[A-Za-z]{1,3}\)?\s*=\s*(?:forecasts?|estimates?|estimated|projected|projections?|provisional|preliminary|actual|"
            + @"budget|revised|outturn|targets?)\b",
        Options, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex HousekeepingLine();

    /// <summary>"By Tom Hargreaves, Local Democracy Reporting Service": a byline (two capitalised names after "By").</summary>
    [GeneratedRegex(@"^\W*By\s+[A-Z][a-z'\u2019-]+(?:\s+[A-Z]\.)?\s+[A-Z][A-Za-z'\u2019-]+(?:\s+(?:and|&)\s+[A-Z][a-z'\u2019-]+\s+"
        + @"[A-Z][A-Za-z'\u2019-]+)?\s*(?:[,|\u2013\u2014-]|$)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: RegexTimeoutMs)]
    private static partial Regex Byline();

    /// <summary>A housekeeping line of the page (short: a paragraph of body that mentions contacts stays body).</summary>
    internal static bool IsHousekeeping(string line)
    {
        var t = line.Trim();
        if (t.Length == 0 || t.Length > 240)
        {
            return false;
        }

        try
        {
            return HousekeepingLine().IsMatch(t) || (t.Length <= 120 && Byline().IsMatch(t) && !ByMonth(t));
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>"By June 2027, ..." is a horizon: a month, holiday or season after "By" is not a name.</summary>
    private static bool ByMonth(string t)
    {
        var rest = t.TrimStart()[2..].TrimStart();
        foreach (var m in (ReadOnlySpan<string>)["January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December", "Christmas", "Easter", "Thanksgiving", "Spring", "Summer", "Autumn", "Winter"])
        {
            if (rest.StartsWith(m, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
