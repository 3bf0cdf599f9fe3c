using System.Globalization;
using System.Net;
using System.Text;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Domain.Prompts;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing;

/// <summary>Everything one prompt mail depends on; <paramref name="Installation"/> is the database's installation id.</summary>
/// <param name="AsksCondition">
/// The condition's own date has passed but not the claim's: the mail asks only whether the condition held.
/// </param>
public sealed record PromptMailRequest(
    PromptPrediction Prediction,
    PromptStepKind Kind,
    int Step,
    int ReminderCount,
    long PromptId,
    string Recipient,
    string Token,
    DateTimeOffset AsOf,
    IReadOnlyList<string> PreviousMessageIds,
    string Installation,
    bool AsksCondition = false);

/// <summary>
/// Writes the prompt, reminder and escalation mails: what was predicted, where, by when, how to compare, and exactly
/// how to answer. Headers mark them as automatic (RFC 3834 Auto-Submitted; Exchange's X-Auto-Response-Suppress) so
/// well-behaved responders stay quiet, and carry our loop header so our own inbox can spot them.
/// </summary>
public sealed class PromptComposer
{
    private const int MaxClaimInSubject = 110;
    private readonly MailingOptions _mailing;
    private readonly TimeZoneInfo _zone;

    public PromptComposer(IOptions<MailingOptions> mailing, IOptions<PromptScheduleOptions> schedule)
    {
        ArgumentNullException.ThrowIfNull(mailing);
        ArgumentNullException.ThrowIfNull(schedule);
        _mailing = mailing.Value;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.Value.TimeZone);
    }

    /// <summary><c>desk+&lt;token&gt;@domain</c> from the configured desk address.</summary>
    public string ReplyAddress(string token)
    {
        var desk = MailAddressText.Extract(_mailing.DeskAddress) ?? _mailing.DeskAddress;
        var at = desk.LastIndexOf('@');
        return $"{desk[..at]}+{token}{desk[at..]}";
    }

    public static string SubjectFor(PromptPrediction prediction, PromptStepKind kind, bool asksCondition = false)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var claim = (asksCondition && prediction.Condition is { } condition
            ? ConditionSpec.Statement(condition, prediction.ConditionNegated)
            : prediction.Claim).ReplaceLineEndings(" ").Trim();
        if (claim.Length > MaxClaimInSubject)
        {
            claim = claim[..(MaxClaimInSubject - 3)].TrimEnd() + "...";
        }

        var due = asksCondition ? "condition due" : "due";
        return kind == PromptStepKind.Escalation
            ? $"[FW-{prediction.Id}] Unanswered, {due}: {claim}"
            : $"[FW-{prediction.Id}] {(asksCondition ? "Condition due" : "Due")}: {claim}";
    }

    public ComposedMail Compose(PromptMailRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var p = request.Prediction;
        var facts = Facts(request);
        var intro = Intro(request);
        var messageId = PromptMessageId.Create(request.PromptId, request.Step, request.Installation, _mailing.MessageIdDomain);
        return new ComposedMail
        {
            From = _mailing.From,
            To = [request.Recipient],
            ReplyTo = ReplyAddress(request.Token),
            Subject = SubjectFor(p, request.Kind, request.AsksCondition),
            MessageId = messageId,
            InReplyTo = request.PreviousMessageIds.Count > 0 ? request.PreviousMessageIds[^1] : null,
            References = request.PreviousMessageIds,
            Date = request.AsOf,
            Headers =
            [
                new("Auto-Submitted", "auto-generated"),
                new("X-Auto-Response-Suppress", "All"),
                new(_mailing.LoopHeader, $"prompt; prediction={p.Id}; step={request.Step.ToString(CultureInfo.InvariantCulture)}"),
            ],
            TextBody = Text(intro, facts, p, request.AsksCondition),
            HtmlBody = Html(intro, facts, p, request.AsksCondition),
        };
    }

    private string Intro(PromptMailRequest r)
    {
        if (r.AsksCondition && r.Prediction.ConditionBy is { } conditionBy)
        {
            var claimDate = r.Prediction.ResolveBy is { } claimBy
                ? $"The claim itself comes due on {Iso(claimBy)} and is only judged if the condition held."
                : "The claim itself is only judged if the condition held.";
            var conditionOverdue = Days(PromptScheduler.DaysOverdue(conditionBy, r.AsOf, _zone));
            var late = $"It was to be settled by {Iso(conditionBy)}, and is now {conditionOverdue} overdue.";
            return r.Kind switch
            {
                PromptStepKind.Reminder =>
                    $"Reminder {r.Step} of {r.ReminderCount}: nobody has said yet whether this prediction's condition held. "
                    + $"{late} {claimDate}",
                PromptStepKind.Escalation =>
                    $"Nobody has said whether this prediction's condition held after {r.ReminderCount} reminder(s), "
                    + $"so it is escalated to you as desk chief. {late} {claimDate}",
                _ => $"The condition of a prediction your desk published has come due: did it hold? {late} {claimDate}",
            };
        }

        var resolveBy = r.Prediction.ResolveBy;
        var overdue = resolveBy is { } d ? PromptScheduler.DaysOverdue(d, r.AsOf, _zone) : 0;
        var when = resolveBy is { } date
            ? $"It was to be resolved by {Iso(date)}, and is now {Days(overdue)} overdue."
            : "It has no resolve-by date.";
        return r.Kind switch
        {
            PromptStepKind.Reminder => $"Reminder {r.Step} of {r.ReminderCount}: this prediction is still waiting for a verdict. {when}",
            PromptStepKind.Escalation =>
                $"Nobody has resolved this prediction after {r.ReminderCount} reminder(s), so it is escalated to you as desk chief. {when}",
            _ => $"A prediction your desk published has come due. {when}",
        };
    }

    private List<(string Label, string Value, bool IsLink)> Facts(PromptMailRequest r)
    {
        var p = r.Prediction;
        var facts = new List<(string, string, bool)> { ("Prediction", p.Id, false), ("Claim", p.Claim, false) };
        if (!string.IsNullOrWhiteSpace(p.Quote))
        {
            facts.Add(("Quote", $"\"{p.Quote.Trim()}\"", false));
        }

        var article = string.Join(", ", new[] { p.Outlet, p.ArticleTitle is null ? null : $"\"{p.ArticleTitle}\"",
            p.ArticlePublished }.Where(static s => !string.IsNullOrWhiteSpace(s)));
        if (article.Length > 0)
        {
            facts.Add(("Article", article, false));
        }

        if (!string.IsNullOrWhiteSpace(p.ArticleUrl))
        {
            facts.Add(("Link", p.ArticleUrl, true));
        }

        if (r.AsksCondition && p.ConditionBy is { } conditionBy)
        {
            var overdue = Days(PromptScheduler.DaysOverdue(conditionBy, r.AsOf, _zone));
            facts.Add(("Condition by", $"{Iso(conditionBy)} ({overdue} overdue)", false));
            if (p.ResolveBy is { } claimBy)
            {
                facts.Add(("Resolve by", $"{Iso(claimBy)} (the claim: not due yet)", false));
            }
        }
        else if (p.ResolveBy is { } by)
        {
            facts.Add(("Resolve by", $"{Iso(by)} ({Days(PromptScheduler.DaysOverdue(by, r.AsOf, _zone))} overdue)", false));
        }

        if (!string.IsNullOrWhiteSpace(p.Criteria))
        {
            facts.Add(("Criteria", p.Criteria, false));
        }

        var condition = p.Condition is null ? null : ConditionSpec.Statement(p.Condition, p.ConditionNegated);
        if (condition is not null && r.AsksCondition)
        {
            facts.Add(("Condition", $"{condition} (answer only this now: if it did not hold, the prediction is annulled)", false));
        }
        else if (condition is not null)
        {
            facts.Add(("Condition", p.ConditionHeld
                ? $"{condition} (you said it held; now judge the claim)"
                : $"{condition} (answer this first: the claim is only judged if it held; if not, the prediction is annulled)",
                false));
        }

        if (p.EndsBeforePublication)
        {
            facts.Add(("Hindsight", "the period ended before the article was published: resolve it, but it is kept out of the scores",
                false));
        }

        if (Compare(p) is { } compare)
        {
            facts.Add(("Compare with", compare, false));
        }

        return facts;
    }

    private static string? Compare(PromptPrediction p)
    {
        var metric = string.IsNullOrWhiteSpace(p.Metric) ? "the value" : p.Metric;
        var unit = p.Unit is null ? "" : p.Unit is "%" ? "%" : " " + p.Unit;
        return p.Kind switch
        {
            "threshold" when p.Threshold is { } t => $"{metric} {p.Comparator ?? ">="} {Num(t)}{unit}",
            "range" when p.Low is { } low && p.High is { } high => $"{metric} between {Num(low)}{unit} and {Num(high)}{unit}",
            _ => null,
        };
    }

    private static IEnumerable<(string Answer, string Meaning)> Answers(PromptPrediction p, bool asksCondition)
    {
        var held = p.ConditionNegated ? $"the condition held (\"{Trimmed(p.Condition)}\" did NOT happen)" : "the condition held";
        var failed = p.ConditionNegated
            ? $"the condition did not hold (\"{Trimmed(p.Condition)}\" DID happen)"
            : "the condition did not hold";
        if (asksCondition && p.Condition is not null)
        {
            yield return ("CONDITION YES", p.ResolveBy is { } claimBy
                ? $"{held}: the claim is asked when it comes due on {Iso(claimBy)}"
                : $"{held}: the claim is judged next");
            yield return ("CONDITION NO", $"{failed}: the prediction is annulled, not scored");
            if (p.ConditionQuantity is not null)
            {
                yield return ("CONDITION 9%", $"the observed value of {p.ConditionQuantity}; ForecastWatch decides whether it held"
                    + (p.ConditionNegated ? " (it held if this was NOT met)" : ""));
            }

            yield return ("CONDITION EXTEND 2027-06-30", p.ResolveBy is { } by
                ? $"too early to tell whether it held: ask again on that date (or CONDITION EXTEND 3 months; not after {Iso(by)})"
                : "too early to tell whether it held: ask again on that date (or CONDITION EXTEND 3 months)");
            yield return ("VOID", "the prediction cannot be judged (optionally a reason: VOID premise changed)");
            yield break;
        }

        if (p.Condition is not null && !p.ConditionHeld)
        {
            yield return ("CONDITION YES", $"{held} (you will then be asked about the claim)");
            yield return ("CONDITION NO", $"{failed}: the prediction is annulled, not scored");
            if (p.ConditionQuantity is not null)
            {
                yield return ("CONDITION 9%", $"the observed value of {p.ConditionQuantity}; ForecastWatch decides whether it held"
                    + (p.ConditionNegated ? " (it held if this was NOT met)" : ""));
            }

            yield return ("VOID", "the prediction cannot be judged (optionally a reason: VOID premise changed)");
            yield return ("EXTEND 2027-06-30", "too early to say: ask again on that date (or EXTEND 3 months)");
            yield break;
        }

        yield return ("YES", "it happened as predicted");
        yield return ("NO", "it did not happen");
        yield return ("PARTIAL", "it partly happened (optionally a fraction: PARTIAL 0.5)");
        yield return ("VOID", "the prediction cannot be judged (optionally a reason: VOID premise changed)");
        yield return ("EXTEND 2027-06-30", "too early to say: ask again on that date (or EXTEND 3 months)");
        if (p.ExpectsValue)
        {
            var unit = p.Unit is "%" ? "%" : p.Unit is null ? "" : " " + p.Unit;
            var example = p.Threshold ?? p.Low ?? 18m;
            yield return ($"VALUE {Num(example)}{unit}", "the observed value; ForecastWatch compares it with the prediction");
        }
    }

    private static string Trimmed(string? words) => (words ?? "").ReplaceLineEndings(" ").Trim().TrimEnd('.');

    private static string Text(string intro, List<(string Label, string Value, bool IsLink)> facts, PromptPrediction p, bool asksCondition)
    {
        var sb = new StringBuilder();
        sb.Append(intro).Append("\n\n");
        var width = facts.Max(static f => f.Label.Length) + 2;
        foreach (var (label, value, _) in facts)
        {
            sb.Append((label + ":").PadRight(width)).Append(value.ReplaceLineEndings("\n" + new string(' ', width))).Append('\n');
        }

        sb.Append("\nHow to answer: reply to this email with ONE of these on the first line:\n\n");
        foreach (var (answer, meaning) in Answers(p, asksCondition))
        {
            sb.Append("  ").Append(answer.PadRight(20)).Append(meaning).Append('\n');
        }

        sb.Append("\nAnything after the first line is kept as a note, and links in it as evidence.\n");
        sb.Append("Keep the subject tag [FW-").Append(p.Id).Append("] and reply from the address this was sent to.\n");
        sb.Append("\n-- \nForecastWatch: an automatic message. Replies are read by a program.\n");
        return sb.ToString();
    }

    private static string Html(string intro, List<(string Label, string Value, bool IsLink)> facts, PromptPrediction p, bool asksCondition)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(
            E(SubjectFor(p, PromptStepKind.Initial, asksCondition))).Append("</title></head>\n<body style=\"font-family:sans-serif\">\n");
        sb.Append("<p>").Append(E(intro)).Append("</p>\n<table cellpadding=\"4\">\n");
        foreach (var (label, value, isLink) in facts)
        {
            var cell = isLink ? $"<a href=\"{E(value)}\">{E(value)}</a>" : label == "Quote"
                ? $"<blockquote style=\"margin:0\">{E(value)}</blockquote>" : E(value);
            sb.Append("<tr><th align=\"left\" valign=\"top\">").Append(E(label)).Append("</th><td>").Append(cell).Append("</td></tr>\n");
        }

        sb.Append("</table>\n<p><b>How to answer:</b> reply to this email with <b>one</b> of these on the first line:</p>\n<ul>\n");
        foreach (var (answer, meaning) in Answers(p, asksCondition))
        {
            sb.Append("<li><code>").Append(E(answer)).Append("</code> &ndash; ").Append(E(meaning)).Append("</li>\n");
        }

        sb.Append("</ul>\n<p>Anything after the first line is kept as a note, and links in it as evidence. Keep the subject tag <code>[FW-")
            .Append(E(p.Id)).Append("]</code> and reply from the address this was sent to.</p>\n");
        sb.Append("<p style=\"color:#666\">ForecastWatch: an automatic message. Replies are read by a program.</p>\n</body></html>\n");
        return sb.ToString();
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Num(decimal d) => d.ToString("0.##########", CultureInfo.InvariantCulture);

    private static string Days(int n) => n == 1 ? "1 day" : string.Create(CultureInfo.InvariantCulture, $"{n} days");
}
