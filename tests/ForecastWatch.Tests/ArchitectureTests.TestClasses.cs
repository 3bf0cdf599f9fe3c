namespace ForecastWatch.Tests;

public sealed partial class ArchitectureTests
{
    /// <summary>
    /// xunit 2 disposes a test class through <see cref="IDisposable"/> or <see cref="IAsyncLifetime"/> only: a class
    /// that implements <see cref="IAsyncDisposable"/> alone is never disposed, and its stores, temp directories and
    /// worker hosts outlive the test (found: three such classes left a store and a seeds directory per case in /tmp).
    /// </summary>
    [Fact]
    public void TestClasses_ThatDisposeAsynchronously_DoSoThroughIAsyncLifetime()
    {
        var neverDisposed = typeof(ArchitectureTests).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false }
                && type.GetMethods().Any(method => method.IsDefined(typeof(FactAttribute), inherit: true))
                && typeof(IAsyncDisposable).IsAssignableFrom(type)
                && !typeof(IAsyncLifetime).IsAssignableFrom(type)
                && !typeof(IDisposable).IsAssignableFrom(type))
            .Select(type => type.FullName)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Empty(neverDisposed);
    }
}
