using System.Data.Common;
using ForecastWatch.Domain.Prompts;
using ForecastWatch.Hosting;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Tests.Mailing;

/// <summary>Predictions held in memory, changed by tests between runs (resolve, extend).</summary>
public sealed class InMemoryPromptSource : IPromptPredictionSource
{
    public Dictionary<string, PromptPrediction> Predictions { get; } = new(StringComparer.Ordinal);

    public void Add(PromptPrediction prediction) => Predictions[prediction.Id] = prediction;

    public void Update(string id, Func<PromptPrediction, PromptPrediction> change) => Predictions[id] = change(Predictions[id]);

    public Task<IReadOnlyList<PromptPrediction>> LoadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PromptPrediction>>(Predictions.Values.ToList());
}

/// <summary>Builds the prompt services over a temp database, as the host would.</summary>
internal static class PromptTestHarness
{
    public const string Secret = "unit-test-secret-0123456789";

    public static EditorsOptions Editors() => new()
    {
        DefaultDesk = "desk@example.test",
        Editors =
        [
            new EditorEntry { Name = "Editor", Address = "editor@example.test", Outlets = ["AINews"] },
            new EditorEntry { Name = "Editor Two", Address = "editor2@example.test", Tags = ["economy"] },
        ],
        Chiefs = [new EditorEntry { Name = "Chief", Address = "chief@example.test", Outlets = ["AINews"], Tags = ["economy"] }],
    };

    public static MailingOptions Mailing() => new() { TokenSecret = Secret };

    public static PromptComposer Composer(MailingOptions? mailing = null) =>
        new(Options.Create(mailing ?? Mailing()), Options.Create(new PromptScheduleOptions()));

    public static PromptService CreatePromptService(IDatabase db, IPromptPredictionSource source, MailingOptions? mailing = null)
    {
        mailing ??= Mailing();
        return new PromptService(
            db,
            source,
            Composer(mailing),
            new MailRenderer(),
            new PromptTokenProvider(Options.Create(mailing), Options.Create(new ForecastWatchOptions()),
                NullLogger<PromptTokenProvider>.Instance),
            Options.Create(Editors()),
            Options.Create(new PromptScheduleOptions()),
            Options.Create(mailing),
            NullLogger<PromptService>.Instance);
    }

    public static PromptPrediction Prediction(string id, string? resolveBy, string outlet = "AINews", string kind = "event") => new()
    {
        Id = id,
        Claim = $"Claim of {id}",
        Quote = $"the quote of {id}",
        Outlet = outlet,
        ArticleTitle = "An article",
        ArticlePublished = "2026-05",
        ArticleUrl = "https://example.test/a",
        ResolveBy = resolveBy is null ? null
            : DateOnly.ParseExact(resolveBy, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Criteria = "It happens.",
        Kind = kind,
        Metric = kind == "event" ? null : "inflation",
        Comparator = kind == "threshold" ? ">" : null,
        Threshold = kind == "threshold" ? 18m : null,
        Low = kind == "range" ? 2m : null,
        High = kind == "range" ? 3m : null,
        Unit = kind == "event" ? null : "%",
    };
}
