using System.Net;
using ForecastWatch.Proposals;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace ForecastWatch.Ingestion;

internal static class IngestServiceCollectionExtensions
{
    public const string DefaultCron = "0 0/15 * * * ?";

    /// <summary>Sources, the fetcher (HttpClient + resilience), the page reader, ingestion and proposals.</summary>
    public static IServiceCollection AddForecastWatchIngestion(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<IngestOptions>().Bind(configuration.GetSection(IngestOptions.SectionName));
        services.AddOptionsWithValidateOnStart<SourcesOptions>()
            .Configure(o => configuration.GetSection(SourcesOptions.SectionName).Bind(o.Items));
        services.AddSingleton<IngestOptionsValidator>();
        services.AddSingleton<IValidateOptions<IngestOptions>>(static sp => sp.GetRequiredService<IngestOptionsValidator>());
        services.AddSingleton<IValidateOptions<SourcesOptions>>(static sp => sp.GetRequiredService<IngestOptionsValidator>());

        // The HTTP clients are built on first use, in a container of their own (IngestHttpClients): a worker that never
        // ingests does not load Microsoft.Extensions.Http, its resilience handler and their dependencies.
        services.AddSingleton<IngestHttpClients>();

        services.AddSingleton<PageFetcher>();
        services.AddSingleton<IPageArticleReader, HtmlPageArticleReader>();
        services.AddSingleton<IngestService>();
        services.AddSingleton<ProposalService>();
        services.AddSingleton<ProposalReplyHandler>();
        return services;
    }

    /// <summary>The named client of <see cref="PageFetcher"/>: user agent, safe handler, timeouts, retries, circuit breaker.</summary>
    internal static void AddIngestHttpClient(IServiceCollection services)
    {
        services.AddHttpClient(PageFetcher.HttpClientName)
            .ConfigureHttpClient(static (sp, client) =>
            {
                var options = sp.GetRequiredService<IOptions<IngestOptions>>().Value;
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgentHeader(PageFetcher.Version));
                client.DefaultRequestVersion = HttpVersion.Version11;
            })
            .ConfigurePrimaryHttpMessageHandler(static sp =>
            {
                var options = sp.GetRequiredService<IOptions<IngestOptions>>().Value;
                return SafeHttpHandler.Create(options.AllowPrivateAddresses, options.AttemptTimeout);
            })
            .AddResilienceHandler("ingest", static (builder, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<IngestOptions>>().Value;
                var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
                builder.AddTimeout(options.TotalTimeout);
                if (options.RetryAttempts > 0)
                {
                    builder.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.RetryAttempts,
                        Delay = options.RetryBaseDelay,
                        MaxDelay = options.MaxRetryDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldRetryAfterHeader = true,
                        // A Retry-After longer than we wait is left for the next run instead of blocking this one.
                        ShouldHandle = args => ValueTask.FromResult(
                            HttpClientResiliencePredicates.IsTransient(args.Outcome)
                            && !(args.Outcome.Result?.Headers.RetryAfter is { } ra && RetryAfter(ra, time) > options.MaxRetryDelay)
                            && args.Outcome.Exception is not ForbiddenDestinationException
                            && !(args.Outcome.Exception is HttpRequestException { InnerException: ForbiddenDestinationException })),
                    });
                }

                // Inside the retries: every attempt counts, and an open circuit ends the retries at once.
                builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = options.CircuitBreaker.FailureRatio,
                    MinimumThroughput = options.CircuitBreaker.MinimumThroughput,
                    SamplingDuration = options.CircuitBreaker.SamplingDuration,
                    BreakDuration = options.CircuitBreaker.BreakDuration,
                });
                builder.AddTimeout(options.AttemptTimeout);
            })
            // One pipeline (and so one circuit) per host: a dead outlet does not stop the others.
            .SelectPipelineByAuthority();
    }

    private static TimeSpan RetryAfter(System.Net.Http.Headers.RetryConditionHeaderValue value, TimeProvider time) =>
        value.Delta ?? (value.Date is { } date ? date - time.GetUtcNow() : TimeSpan.Zero);
}
