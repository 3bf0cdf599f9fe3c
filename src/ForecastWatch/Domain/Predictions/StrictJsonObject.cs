using System.Text.Json;

namespace ForecastWatch.Domain.Predictions;

/// <summary>
/// Reads one JSON object field by field and reports every unknown, missing or mistyped field as a <see cref="SeedError"/>
/// (instead of throwing on the first), so a person fixing a seed file sees all of its defects at once.
/// </summary>
internal sealed class StrictJsonObject
{
    private readonly JsonElement _element;
    private readonly string _file;
    private readonly string? _item;
    private readonly List<SeedError> _errors;

    public StrictJsonObject(JsonElement element, string file, string? item, List<SeedError> errors, IReadOnlyCollection<string> knownFields)
    {
        _element = element;
        _file = file;
        _item = item;
        _errors = errors;
        foreach (var property in element.EnumerateObject())
        {
            if (!knownFields.Contains(property.Name))
            {
                Error(property.Name, "unknown field");
            }
        }
    }

    public void Error(string? field, string message) => _errors.Add(new SeedError(_file, _item, field, message));

    public bool Has(string name) => _element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public string? String(string name, bool required = false)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Error(name, "is required");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error(name, $"must be a string, not {Describe(value)}");
            return null;
        }

        var text = value.GetString()!;
        if (required && string.IsNullOrWhiteSpace(text))
        {
            Error(name, "must not be empty");
            return null;
        }

        return text;
    }

    public double? Number(string name)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            Error(name, $"must be a number, not {Describe(value)}");
            return null;
        }

        return number;
    }

    public int? Integer(string name, bool required = false)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Error(name, "is required");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            Error(name, $"must be a whole number, not {Describe(value)}");
            return null;
        }

        return number;
    }

    public bool Bool(string name)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Error(name, $"must be true or false, not {Describe(value)}");
            return false;
        }

        return value.GetBoolean();
    }

    public IReadOnlyList<string> Strings(string name)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(name, $"must be an array of strings, not {Describe(value)}");
            return [];
        }

        var list = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                Error(name, $"must contain only non-empty strings, found {Describe(item)}");
                continue;
            }

            list.Add(item.GetString()!);
        }

        return list;
    }

    public IEnumerable<JsonElement> Objects(string name)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            yield break;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(name, $"must be an array of objects, not {Describe(value)}");
            yield break;
        }

        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                Error(name, $"must contain only objects, found {Describe(item)}");
                continue;
            }

            yield return item;
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Truncate(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "...");
}
