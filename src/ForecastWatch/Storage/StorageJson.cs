using System.Globalization;
using System.Text.Json;

namespace ForecastWatch.Storage;

/// <summary>Conversions at the row boundary: JSON list columns, ISO dates and unix-millisecond instants.</summary>
internal static class StorageJson
{
    public static string List(IEnumerable<string> values) => JsonSerializer.Serialize(values.ToArray());

    public static IReadOnlyList<string> ReadList(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<string[]>(json) ?? [];

    public static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? ReadDate(string? text) =>
        text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static long Instant(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    public static DateTimeOffset ReadInstant(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
}
