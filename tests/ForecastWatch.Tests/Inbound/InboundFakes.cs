using System.Data.Common;
using System.Text;
using ForecastWatch.Inbound;
using ForecastWatch.Storage;

namespace ForecastWatch.Tests.Inbound;

/// <summary>
/// Reads the simple messages these tests write (header lines, a blank line, a text body) without the MIME library,
/// so the processor is tested on its own. <c>X-Test-Dsn: &lt;original-id&gt; status</c> stands for a DSN's report.
/// </summary>
internal sealed class SimpleMailReader : IInboundMailReader
{
    public async Task<InboundMail> ReadAsync(Stream raw, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(raw, Encoding.UTF8);
        var text = (await reader.ReadToEndAsync(cancellationToken)).Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var body = split < 0 ? string.Empty : text[(split + 2)..];
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in head.Split('\n'))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]) && headers.Count > 0)
            {
                headers[^1] = new(headers[^1].Key, headers[^1].Value + " " + line.Trim());
            }
            else if (line.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon)
            {
                headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
            }
        }

        string? Get(string name) => headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
        IEnumerable<string> Addresses(string name) => headers
            .Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => h.Value.Split(','))
            .Select(static a => a.Contains('<', StringComparison.Ordinal)
                ? a[(a.IndexOf('<', StringComparison.Ordinal) + 1)..].TrimEnd('>', ' ') : a.Trim())
            .Where(static a => a.Length > 0);
        IEnumerable<string> Ids(string name) => (Get(name) ?? string.Empty)
            .Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(static s => s.Trim('<', '>'));

        InboundDeliveryReport? dsn = null;
        if (Get("X-Test-Dsn") is { } d)
        {
            var parts = d.Split(' ', 2);
            var status = parts.Length > 1 ? parts[1] : null;
            // A 4.x.x report is a delay warning (Action: delayed); "failed" with 4.x.x would be a soft bounce after the last retry.
            var action = status?.StartsWith('4') == true ? "delayed" : "failed";
            dsn = new InboundDeliveryReport(parts[0].Trim('<', '>'),
                [new InboundDeliveryRecipient("nobody@example.test", action, status, "550 5.1.1 unknown user")]);
        }

        var html = Get("Content-Type")?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
        return new InboundMail(
            Get("Message-ID")?.Trim('<', '>'),
            headers,
            [.. Addresses("From")],
            [.. Addresses("To"), .. Addresses("Cc"), .. Addresses("Delivered-To"), .. Addresses("X-Original-To")],
            [.. Ids("In-Reply-To"), .. Ids("References")],
            Get("Subject"),
            html ? null : body,
            html ? body : null,
            dsn);
    }
}

/// <summary>Prompt threads and tokens without the prompts module: token = "p&lt;id&gt;." + 20 chars of the recipient's hash.</summary>
internal sealed class FakePrompts : IReplyPrompts
{
    private readonly Dictionary<long, ReplyPromptThread> _threads = [];

    public List<string> Editors { get; } = ["editor@example.test", "editor2@example.test", "chief@example.test"];

    public string AddThread(long promptId, string predictionId, string recipient)
    {
        _threads[promptId] = new ReplyPromptThread(promptId, predictionId, recipient);
        return Token(promptId, recipient);
    }

    public static string Token(long promptId, string recipient) =>
        $"p{promptId}." + Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(recipient.ToLowerInvariant())))[..20];

    public bool TryReadPromptId(string token, out long promptId)
    {
        promptId = 0;
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        return token.StartsWith('p') && dot > 1 && long.TryParse(token[1..dot], out promptId);
    }

    public bool VerifyToken(string token, long promptId, string recipient) => token == Token(promptId, recipient);

    public Task<ReplyPromptThread?> FindThreadAsync(DbConnection connection, DbTransaction transaction, long promptId,
        CancellationToken cancellationToken) =>
        Task.FromResult(_threads.GetValueOrDefault(promptId));

    public IReadOnlyCollection<string> MayResolve(StoredPrediction prediction) =>
        prediction.Prediction.Editors.Count > 0 ? [.. prediction.Prediction.Editors, "chief@example.test"] : Editors;
}

/// <summary>Collects answers and bounce marks; can be told to fail once, to simulate a crash mid-transaction.</summary>
internal sealed class FakeAnswerSink : IReplyAnswerSink
{
    public List<ReplyAnswer> Answers { get; } = [];

    public List<(string MessageId, bool Permanent, string Detail)> Bounces { get; } = [];

    public bool FailNext { get; set; }

    public Task<string> EnqueueAsync(DbConnection connection, DbTransaction transaction, ReplyAnswer answer, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (FailNext)
        {
            FailNext = false;
            throw new IOException("simulated crash while enqueuing the answer");
        }

        Answers.Add(answer);
        return Task.FromResult($"fw.answer.{answer.InboundId}@fw.example.test");
    }

    public Task<bool> MarkBouncedAsync(DbConnection connection, DbTransaction transaction, string messageId, bool permanent, string detail,
        string? enhancedStatus, CancellationToken cancellationToken)
    {
        Bounces.Add((messageId, permanent, detail));
        return Task.FromResult(true);
    }
}
