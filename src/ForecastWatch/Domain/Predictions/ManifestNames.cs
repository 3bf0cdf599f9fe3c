namespace ForecastWatch.Domain.Predictions;

/// <summary>The lowercase words the manifest, the database and the JSON output use for enum values.</summary>
public static class ManifestNames
{
    public static string Of<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    public static T Parse<T>(string text)
        where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value) && Of(value) == text.ToLowerInvariant()
            ? value
            : throw new DomainException($"'{text}' is not a {typeof(T).Name}.");
}
