using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ForecastWatch.Storage;

/// <summary>Conversions at the row boundary: JSON list columns, ISO dates and unix-millisecond instants.</summary>
internal static class StorageJson
{
    public static string List(IEnumerable<string> values) =>
        JsonSerializer.Serialize(values.ToArray(), StorageJsonContext.Default.StringArray);

    public static IReadOnlyList<string> ReadList(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize(json, StorageJsonContext.Default.StringArray) ?? [];

    public static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? ReadDate(string? text) =>
        text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static long Instant(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    public static DateTimeOffset ReadInstant(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
}

/// <summary>
/// The JSON the stores write into columns and parameters, generated at build time (no reflection: trimmed and native
/// AOT builds). Default options, so the text is what the reflection-based serializer wrote.
/// </summary>
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(ArticleStore.BoilerplateJsonRow[]))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
