using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace ForecastWatch.Benchmarks;

/// <summary>A plain-harness tool (throughput run, fuzzer, load test): one class per tool, found by reflection.</summary>
internal interface IBenchTool
{
    /// <summary>The first command-line argument that selects this tool.</summary>
    string Name { get; }

    /// <summary>One line for the tool list.</summary>
    string Description { get; }

    Task<int> RunAsync(string[] args);
}

internal static class BenchTools
{
    private static readonly Lazy<IReadOnlyDictionary<string, IBenchTool>> All = new(static () =>
        typeof(BenchTools).Assembly.GetTypes()
            .Where(static t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchTool).IsAssignableFrom(t))
            .Select(static t => (IBenchTool)Activator.CreateInstance(t)!)
            .ToDictionary(static t => t.Name, StringComparer.OrdinalIgnoreCase));

    public static IEnumerable<IBenchTool> List => All.Value.Values.OrderBy(static t => t.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, [NotNullWhen(true)] out IBenchTool? tool) => All.Value.TryGetValue(name, out tool);
}
