using System.Data.Common;
using System.Globalization;
using System.Text;
using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Domain.Proposals;
using ForecastWatch.Ingestion;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ForecastWatch.Proposals;

/// <summary>What a set of desk commands did, one line per proposal touched, for the confirmation and the CLI.</summary>
internal sealed record ProposalDecisionReport(IReadOnlyList<string> Lines, int Accepted, int Rejected, int Edited, int Refused)
{
    public string Summary =>
        string.Create(CultureInfo.InvariantCulture, $"{Accepted} accepted, {Rejected} rejected, {Edited} edited, {Refused} refused");
}

/// <summary>
/// The desk's side of proposals: mails every proposed prediction of an ingested article that no proposal email has
/// listed yet (one email per article, or one digest), and applies ACCEPT / REJECT / EDIT, from replies and the CLI alike.
/// </summary>
internal sealed class ProposalService(
    IDatabase connections,
    IOptions<IngestOptions> ingest,
    IOptions<MailingOptions> mailing,
    IOptions<EditorsOptions> editors,
    PromptTokenProvider tokens,
    TimeProvider time)
{
    public const string OutboxCategory = "proposals";

    /// <summary>The addresses proposal emails go to (and who may answer them).</summary>
    public IReadOnlyList<string> DeskRecipients =>
        ingest.Value.DeskRecipients.Count > 0
            ? [.. ingest.Value.DeskRecipients.Select(static r => MailAddressText.Extract(r) ?? r)]
            : [MailAddressText.Extract(editors.Value.DefaultDesk) ?? editors.Value.DefaultDesk];

    /// <summary>Queues the proposal emails still owed, in one transaction with the rows that number them. Returns how many.</summary>
    public async Task<int> SendPendingAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var ids = await ProposalStore.GetUnmailedAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            return 0;
        }

        var stored = new List<StoredPrediction>();
        foreach (var id in ids)
        {
            if (await PredictionStore.GetAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false) is { } s)
            {
                stored.Add(s);
            }
        }

        var articles = (await ArticleStore.GetAllAsync(connection, cancellationToken).ConfigureAwait(false)).ToDictionary(static a => a.Id,
            StringComparer.Ordinal);
        var groups = ingest.Value.ProposalMail == ProposalMailMode.Digest
            ? [stored]
            : stored.GroupBy(static s => s.Prediction.ArticleId, StringComparer.Ordinal).Select(static g => g.ToList()).ToList();
        var installation = await InstallationStore.GetAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var sent = 0;
        foreach (var group in groups)
        {
            foreach (var recipient in DeskRecipients)
            {
                var mailId = await ProposalStore.AddMailAsync(connection, transaction, recipient, now, cancellationToken)
                    .ConfigureAwait(false);
                var (messageId, subject, raw) = Compose(mailId, installation.Id, recipient, group, articles, now);
                await ProposalStore.CompleteMailAsync(connection, transaction, mailId, messageId, subject,
                    [.. group.Select(static s => s.Prediction.Id)], cancellationToken).ConfigureAwait(false);
                var envelopeFrom = MailAddressText.Extract(mailing.Value.From) ?? mailing.Value.From;
                var message = new OutboxMessage(messageId, OutboxCategory, null, envelopeFrom, [recipient], subject, raw);
                var outboxId = await OutboxStore.EnqueueAsync(connection, transaction, message, now, cancellationToken)
                    .ConfigureAwait(false);
                await OutboxReturnPaths.AssignAsync(connection, transaction, outboxId, tokens, mailing.Value, cancellationToken)
                    .ConfigureAwait(false);
                sent++;
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return sent;
    }

    private (string MessageId, string Subject, byte[] Raw) Compose(
        long mailId, string installation, string recipient, IReadOnlyList<StoredPrediction> items,
        IReadOnlyDictionary<string, Domain.Articles.Article> articles, DateTimeOffset now)
    {
        var options = mailing.Value;
        var messageId = ProposalToken.MessageId(mailId, installation, options.MessageIdDomain);
        var desk = MailAddressText.Extract(options.DeskAddress) ?? options.DeskAddress;
        var at = desk.LastIndexOf('@');
        var replyTo = $"{desk[..at]}+{ProposalToken.Create(tokens.Token, mailId, recipient)}{desk[at..]}";
        var byArticle = items.GroupBy(static s => s.Prediction.ArticleId, StringComparer.Ordinal).ToList();
        var subject = byArticle.Count == 1
            ? string.Create(CultureInfo.InvariantCulture,
                $"[FW-proposals] {items.Count} proposed prediction{(items.Count == 1 ? "" : "s")}: {items[0].ArticleTitle}")
            : string.Create(CultureInfo.InvariantCulture,
                $"[FW-proposals] {items.Count} proposed predictions from {byArticle.Count} articles");

        var text = new StringBuilder();
        var n = 0;
        foreach (var group in byArticle)
        {
            var first = group.First();
            var article = articles.GetValueOrDefault(group.Key);
            text.Append(CultureInfo.InvariantCulture,
                $"\"{first.ArticleTitle}\" ({first.Outlet}{(first.MadeOn is { } d ? ", " + d : "")})\n");
            if (article?.Metadata.Url is { Length: > 0 } url)
            {
                text.Append(url).Append('\n');
            }

            text.Append('\n');
            foreach (var s in group)
            {
                n++;
                var p = s.Prediction;
                text.Append(CultureInfo.InvariantCulture, $"{n}. {p.Claim}\n");
                text.Append(CultureInfo.InvariantCulture, $"   Quote: \"{Shorten(p.Quote, 400)}\"\n");
                var by = p.ResolveBy is { } r ? r.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : "none (undated: give one with EDIT)";
                var probability = p.Probability is { } pr
                    ? string.Create(CultureInfo.InvariantCulture, $"{pr:P0}{(p.Hedge is { } h ? $" (\"{h}\")" : "")}") : "not stated";
                text.Append(CultureInfo.InvariantCulture, $"   Resolve by: {by}   Probability: {probability}\n");
                text.Append(CultureInfo.InvariantCulture, $"   Id: {p.Id}\n\n");
            }
        }

        text.Append("""
            How to answer: reply to this email, one command per line, at the top:
              ACCEPT 1 3                       accept proposals 1 and 3 (ranges: ACCEPT 2-4)
              ACCEPT ALL                       accept every proposal above
              REJECT 2                         reject proposal 2 (REJECT ALL rejects every one)
              EDIT 3 resolve-by 2027-06-30     change a date (also: EDIT 3 probability 70%, EDIT 3 claim <wording>)
            Accepted predictions are asked about when they fall due; proposals not answered stay proposed.
            From the command line: forecastwatch accept ID / forecastwatch reject ID.

            """);

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(MailboxAddress.Parse(recipient));
        message.ReplyTo.Add(MailboxAddress.Parse(replyTo));
        message.Subject = subject;
        message.MessageId = messageId;
        message.Date = now;
        // RFC 3834 section 5: machine-generated, not a reply; our loop header lets the inbox drop it if it comes back.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Auto-Response-Suppress", "All");
        message.Headers.Add(options.LoopHeader, desk);
        message.Body = new TextPart("plain") { Text = text.ToString().Replace("\n", "\r\n", StringComparison.Ordinal) };
        using var stream = new MemoryStream();
        message.WriteTo(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, stream);
        return (messageId, subject, stream.ToArray());
    }

    /// <summary>Applies reply commands to the numbered items of one proposal email, inside the caller's transaction.</summary>
    public async Task<ProposalDecisionReport> ApplyAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyDictionary<int, string> items, IReadOnlyList<ProposalCommand> commands,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(commands);
        var report = new ReportBuilder();
        // Edits first, so "EDIT 3 resolve-by ..." and "ACCEPT 3" in one reply accept the edited version.
        foreach (var command in commands.OrderBy(static c => c.Action == ProposalAction.Edit ? 0 : 1))
        {
            var numbers = command.All ? [.. items.Keys.Order()] : command.Numbers;
            foreach (var number in numbers)
            {
                if (!items.TryGetValue(number, out var id))
                {
                    report.Refuse(string.Create(CultureInfo.InvariantCulture,
                        $"{number}: there is no proposal {number} in that email (1-{items.Count})."));
                    continue;
                }

                await ApplyOneAsync(connection, transaction, command, number.ToString(CultureInfo.InvariantCulture), id, now, report,
                    cancellationToken).ConfigureAwait(false);
            }
        }

        return report.Build();
    }

    /// <summary><c>forecastwatch accept|reject ID</c>: the same operation for one prediction, in its own transaction.</summary>
    public async Task<ProposalDecisionReport?> DecideAsync(string predictionId, ProposalAction action, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (await PredictionStore.GetAsync(connection, transaction, predictionId, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        var report = new ReportBuilder();
        await ApplyOneAsync(connection, transaction, new ProposalCommand(action, [], false), predictionId, predictionId, now, report,
            cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return report.Build();
    }

    private static async Task ApplyOneAsync(
        DbConnection connection, DbTransaction transaction, ProposalCommand command, string label, string id, DateTimeOffset now,
        ReportBuilder report, CancellationToken cancellationToken)
    {
        var stored = await PredictionStore.GetAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            report.Refuse($"{label}: {id} no longer exists.");
            return;
        }

        var p = stored.Prediction;
        Prediction? changed;
        switch (command.Action)
        {
            case ProposalAction.Accept when p.Status == EntryStatus.Accepted:
                report.Line($"{label}: {id} was already accepted.");
                return;
            case ProposalAction.Accept:
                changed = p with { Status = EntryStatus.Accepted };
                report.Accepted++;
                report.Line($"{label}: accepted {id}: {p.Claim} (resolve by "
                    + $"{(p.ResolveBy is { } r ? r.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "undated")})");
                break;
            case ProposalAction.Reject when p.Status == EntryStatus.Rejected:
                report.Line($"{label}: {id} was already rejected.");
                return;
            case ProposalAction.Reject when p.Status == EntryStatus.Accepted:
                report.Refuse(
                    $"{label}: {id} is accepted already; void it with 'VOID' on its prompt or 'forecastwatch resolve {id} void' instead.");
                return;
            case ProposalAction.Reject:
                changed = p with { Status = EntryStatus.Rejected };
                report.Rejected++;
                report.Line($"{label}: rejected {id}.");
                break;
            default:
                if (p.Status != EntryStatus.Proposed)
                {
                    report.Refuse($"{label}: {id} is {p.Status.ToString().ToLowerInvariant()}; only proposals can be edited.");
                    return;
                }

                changed = command.Field switch
                {
                    "resolve-by" => p with
                    {
                        ResolveBy = command.Date,
                        ResolveByPrecision = DatePrecision.Day,
                        ResolveByOverride = true,
                        Undated = false,
                        Earliest = p.Earliest is { } e && e > command.Date ? null : p.Earliest
                    },
                    "probability" => p with
                    {
                        Probability = command.Probability,
                        Hedge = $"desk: {command.Value}",
                        ProbabilitySource = ProbabilitySource.Stated
                    },
                    _ => p with { Claim = command.Value! },
                };
                report.Edited++;
                report.Line($"{label}: {id}: {command.Field} set to {command.Value}.");
                break;
        }

        // prediction_history keeps every change; who asked for it is in the inbound record or the shell.
        await PredictionStore.UpsertAsync(connection, transaction, changed, stored, now, cancellationToken).ConfigureAwait(false);
    }

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 3)] + "...";

    private sealed class ReportBuilder
    {
        private readonly List<string> _lines = [];

        public int Accepted { get; set; }

        public int Rejected { get; set; }

        public int Edited { get; set; }

        public int Refused { get; private set; }

        public void Line(string line) => _lines.Add(line);

        public void Refuse(string line)
        {
            Refused++;
            _lines.Add(line);
        }

        public ProposalDecisionReport Build() => new(_lines, Accepted, Rejected, Edited, Refused);
    }
}
