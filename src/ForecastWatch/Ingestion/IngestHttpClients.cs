using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Ingestion;

/// <summary>
/// The HTTP client of <see cref="PageFetcher"/> (<see cref="IHttpClientFactory"/> with the resilience handler of
/// <see cref="IngestServiceCollectionExtensions.AddIngestHttpClient"/>), built on first use in a service container of
/// its own that shares the worker's logging, clock, meters and <see cref="IngestOptions"/>. A worker that never
/// ingests does not load Microsoft.Extensions.Http, Polly's HTTP extensions and what they pull in (idle memory,
/// bench/RESULTS.md). Handlers are pooled and rotated by the factory as before; the container is disposed with the
/// worker's.
/// </summary>
internal sealed class IngestHttpClients : IDisposable
{
    private readonly Lazy<ServiceProvider> _provider;

    public IngestHttpClients(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _provider = new Lazy<ServiceProvider>(() => Build(services), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public HttpClient CreateClient() =>
        _provider.Value.GetRequiredService<IHttpClientFactory>().CreateClient(PageFetcher.HttpClientName);

    public void Dispose()
    {
        if (_provider.IsValueCreated)
        {
            _provider.Value.Dispose();
        }
    }

    private static ServiceProvider Build(IServiceProvider worker)
    {
        var services = new ServiceCollection();
        services.AddSingleton(worker.GetRequiredService<ILoggerFactory>());
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(worker.GetRequiredService<IOptions<IngestOptions>>());
        services.AddSingleton(worker.GetRequiredService<TimeProvider>());
        if (worker.GetService<IMeterFactory>() is { } meters)
        {
            services.AddSingleton(meters);
        }

        IngestServiceCollectionExtensions.AddIngestHttpClient(services);
        return services.BuildServiceProvider();
    }
}
