using System.Text.Json;
using System.Text.Json.Nodes;

namespace ForecastWatch.Tests.Storage;

/// <summary>
/// A throwaway seeds directory plus data directory. Its article has a body and boilerplate lines (1: title,
/// 7-8: an FAQ that repeats a body sentence); its predictions use explicit dates, so they do not depend on the
/// horizon parser.
/// </summary>
internal sealed class TempSeeds : IDisposable
{
    public const string ArticleId = "test-outlet-2026-05-14";

    public const string ArticleText =
        "A Title Line\n" +
        "\n" +
        "The regulator will fine the company within 12 months, analysts say.\n" +
        "If more than 15% of staff leave within six months, the deal is dead.\n" +
        "Prices will rise to between $3 and $4 by the end of 2027.\n" +
        "\n" +
        "FAQ\n" +
        "The regulator will fine the company within 12 months, analysts say.";

    public TempSeeds()
    {
        Root = Path.Combine(Path.GetTempPath(), "fw-tests-" + Guid.NewGuid().ToString("N"));
        SeedsDir = Path.Combine(Root, "seeds");
        DataDir = Path.Combine(Root, "data");
        Directory.CreateDirectory(Path.Combine(SeedsDir, "articles"));
        File.WriteAllText(Path.Combine(SeedsDir, "articles", "test-article.txt"), ArticleText);
        WriteMetadata(Metadata());
        WriteManifest(Manifest());
    }

    public string Root { get; }

    public string SeedsDir { get; }

    public string DataDir { get; }

    public string ManifestPath => Path.Combine(SeedsDir, "predictions.json");

    public string MetadataPath => Path.Combine(SeedsDir, "articles", "test-article.meta.json");

    public static JsonObject Metadata() => new()
    {
        ["id"] = ArticleId,
        ["title"] = "A Title Line",
        ["outlet"] = "Test Outlet",
        ["authors"] = new JsonArray("A. Writer"),
        ["url"] = "https://example.test/a",
        ["language"] = "en",
        ["published"] = "2026-05-14",
        ["boilerplate"] = new JsonArray(
            new JsonObject { ["kind"] = "title", ["startLine"] = 1, ["endLine"] = 1 },
            new JsonObject { ["kind"] = "faq", ["startLine"] = 7, ["endLine"] = 8 }),
    };

    public static JsonObject Regulation() => new()
    {
        ["id"] = "test-regulation",
        ["article"] = ArticleId,
        ["claim"] = "The regulator will fine the company.",
        ["quote"] = "The regulator will fine the company within 12 months",
        ["resolveBy"] = "2027-05-14",
        ["kind"] = "event",
        ["probability"] = 0.9,
        ["hedge"] = "will",
        ["probabilitySource"] = "hedge",
        ["tags"] = new JsonArray("regulation"),
        ["criteria"] = "YES if a fine is announced.",
        ["status"] = "accepted",
        ["origin"] = "curated",
    };

    public static JsonObject Departures() => new()
    {
        ["id"] = "test-departures",
        ["article"] = ArticleId,
        ["claim"] = "More than 15% of staff leave.",
        ["quote"] = "If more than 15% of staff leave within six months, the deal is dead.",
        ["resolveBy"] = "2026-11-14",
        ["kind"] = "threshold",
        ["metric"] = "share of staff who leave",
        ["comparator"] = ">",
        ["threshold"] = 15,
        ["unit"] = "%",
        ["condition"] = "the deal is dead",
        ["criteria"] = "YES if more than 15% leave.",
        ["status"] = "accepted",
        ["origin"] = "curated",
    };

    public static JsonObject Prices() => new()
    {
        ["id"] = "test-prices",
        ["article"] = ArticleId,
        ["claim"] = "Prices will be between $3 and $4.",
        ["quote"] = "Prices will rise to between $3 and $4",
        ["resolveBy"] = "2027-12-31",
        ["kind"] = "range",
        ["metric"] = "price",
        ["low"] = 3,
        ["high"] = 4,
        ["unit"] = "USD",
        ["criteria"] = "YES if the price is 3-4 USD.",
        ["status"] = "accepted",
        ["origin"] = "curated",
    };

    public static JsonObject Undated() => new()
    {
        ["id"] = "test-undated",
        ["article"] = ArticleId,
        ["claim"] = "Analysts say the regulator will act.",
        ["quote"] = "analysts say",
        ["undated"] = true,
        ["kind"] = "event",
        ["criteria"] = "YES if it happens.",
        ["status"] = "accepted",
        ["origin"] = "curated",
    };

    public static JsonObject Manifest(params JsonObject[] predictions) => new()
    {
        ["predictions"] = new JsonArray([.. (predictions.Length == 0 ? [Regulation(), Departures(), Prices(), Undated()] : predictions)]),
    };

    public void WriteManifest(JsonObject manifest) =>
        File.WriteAllText(ManifestPath, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    public void WriteMetadata(JsonObject metadata) => File.WriteAllText(MetadataPath, metadata.ToJsonString());

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
