using System.Text.Json.Serialization;

namespace ForecastWatch.Domain;

/// <summary>
/// The JSON shapes the domain stores as text (a condition's spec, a prediction's snapshot), generated at build time so
/// that serialization needs no reflection (trimmed and native AOT builds). Default options: the stored text is the
/// same, byte for byte, as the reflection-based serializer wrote it.
/// </summary>
[JsonSerializable(typeof(IReadOnlyDictionary<string, string?>))]
[JsonSerializable(typeof(Dictionary<string, string?>))]
internal sealed partial class DomainJsonContext : JsonSerializerContext;
