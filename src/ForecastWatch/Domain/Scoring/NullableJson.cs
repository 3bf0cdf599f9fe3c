using System.Text.Json;

namespace ForecastWatch.Domain.Scoring;

/// <summary>Writes a property whose value may be absent as JSON <c>null</c>; numbers rounded to 6 places.</summary>
internal static class NullableJson
{
    public static void Write(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    public static void Write(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Math.Round(v, 6));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    public static void Write(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
