using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ForecastWatch.Cli;
using ForecastWatch.Domain;
using ForecastWatch.Domain.Predictions;
using ForecastWatch.Ingestion;
using ForecastWatch.Storage;

namespace ForecastWatch.Tests.Storage;

/// <summary>
/// The build-time (source-generated) JSON contracts write what the reflection-based serializer wrote before them:
/// stored columns are compared by import and must stay byte for byte, and the CLI's JSON is an interface.
/// </summary>
public sealed class GeneratedJsonTests
{
    // Quotes, backslashes, control characters, non-Latin text, an astral character and HTML-sensitive characters.
    private static readonly string[] Awkward =
        ["plain", "quote \" and \\ backslash", "tab\tnew\nline", "caf\u00e9 \u0416 \u4e2d", "emoji \U0001F600", "<a href='x'>&</a>", ""];

    private static readonly JsonSerializerOptions Reflection = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    [Fact]
    public void StorageJsonList_WritesWhatReflectionWrote_AndReadsItBack()
    {
        var json = StorageJson.List(Awkward);

        Assert.Equal(JsonSerializer.Serialize(Awkward, Reflection), json);
        Assert.Equal(Awkward, StorageJson.ReadList(json));
    }

    [Fact]
    public void ConditionSpecJson_WritesWhatReflectionWrote_AndReadsItBack()
    {
        var spec = new ConditionSpec
        {
            Kind = PredictionKind.Threshold,
            Metric = "caf\u00e9 \"index\"",
            Comparator = Comparator.GreaterThan,
            Threshold = 0.1,
            Unit = "%",
            Horizon = "six months",
            Negated = true,
        };

        var json = spec.ToJson();

        var fields = JsonSerializer.Deserialize<SortedDictionary<string, string?>>(json, Reflection)!;
        Assert.Equal(JsonSerializer.Serialize(fields, Reflection), json);
        Assert.Contains("\"negated\":\"true\"", json, StringComparison.Ordinal);
        Assert.Equal(spec, ConditionSpec.FromJson(json));
    }

    [Fact]
    public void Snapshot_WritesWhatReflectionWrote()
    {
        IReadOnlyDictionary<string, string?> fields =
            new SortedDictionary<string, string?>(StringComparer.Ordinal) { ["a"] = Awkward[3], ["b"] = null, ["c"] = Awkward[5] };

        Assert.Equal(JsonSerializer.Serialize(fields, Reflection),
            JsonSerializer.Serialize(fields, DomainJsonContext.Default.IReadOnlyDictionaryStringString));
    }

    [Fact]
    public void ArticleMeta_WritesTheKeysAndOrderOfTheDictionaryItReplaced()
    {
        var meta = new ArticleMetaJson("a-1", Awkward[1], "Outlet", ["Ann", Awkward[3]], null, "en", "2026-05", null, Awkward[2],
            "https://example.org/a", "readability", "ab12");
        var before = new Dictionary<string, object?>
        {
            ["id"] = meta.Id,
            ["title"] = meta.Title,
            ["outlet"] = meta.Outlet,
            ["authors"] = meta.Authors,
            ["url"] = meta.Url,
            ["language"] = meta.Language,
            ["published"] = meta.Published,
            ["dateNote"] = meta.DateNote,
            ["notes"] = meta.Notes,
            ["fetchedFrom"] = meta.FetchedFrom,
            ["mainText"] = meta.MainText,
            ["sha256"] = meta.Sha256,
        };

        Assert.Equal(
            JsonSerializer.Serialize(before, new JsonSerializerOptions(Reflection) { WriteIndented = true }),
            JsonSerializer.Serialize(meta, IngestJsonContext.Default.ArticleMetaJson));
    }

    [Fact]
    public void CliRows_WriteTheNamesOfTheAnonymousObjectsTheyReplaced()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = Reflection.TypeInfoResolver,
        };
        var at = new DateTimeOffset(2027, 6, 1, 9, 0, 0, TimeSpan.FromHours(2));

        Assert.Equal(
            JsonSerializer.Serialize(new { text = Awkward[3], cut = "Attribution", cutLine = 3, quotedLinesRemoved = 1 }, options),
            CliJson.Serialize(new TrimJson(Awkward[3], "Attribution", 3, 1)));
        Assert.Equal(
            JsonSerializer.Serialize(new[]
            {
                new
                {
                    id = 7L, receivedAt = at, source = "imap", messageId = (string?)"<m@x>", sender = (string?)Awkward[5],
                    subject = (string?)null, status = "held", reason = (string?)"unknown-sender", detail = (string?)Awkward[1],
                    predictionId = (string?)"p-1", resolutionId = (long?)null, sha256 = "ab",
                },
            }, options),
            CliJson.Serialize(new[]
            {
                new InboundJson(7, at, "imap", "<m@x>", Awkward[5], null, "held", "unknown-sender", Awkward[1], "p-1", null, "ab"),
            }));
    }
}
