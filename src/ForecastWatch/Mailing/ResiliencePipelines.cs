using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace ForecastWatch.Mailing;

/// <summary>Keys of the resilience pipelines registered as keyed singletons.</summary>
public static class ResiliencePipelines
{
    /// <summary>Sending one outbox message: retry transient failures with backoff and jitter, circuit breaker, timeout.</summary>
    public const string MailDelivery = "mail-delivery";

    /// <summary>
    /// Transient: the connection failed or timed out, or the server answered 4xx (RFC 5321 section 4.2.1).
    /// Never a 5xx and never cancellation.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        OperationCanceledException => false,
        MailDeliveryException m => m.IsTransient,
        IOException or TimeoutException or SocketException or TimeoutRejectedException => true,
        _ => false,
    };

    internal static ResiliencePipeline BuildMailDelivery(MailingOptions options, TimeProvider timeProvider)
    {
        var handle = new PredicateBuilder().Handle<Exception>(IsTransient);
        // A message the server may already have (connection lost after its data) is not sent again within the attempt:
        // the delivery service requeues it with its attempt open, so the copy sent later is counted as uncertain.
        var retry = new PredicateBuilder().Handle<Exception>(static ex =>
            IsTransient(ex) && ex is not MailDeliveryException { MayHaveBeenAccepted: true });
        return new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = retry,
                MaxRetryAttempts = options.RetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRequeueDelay,
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = handle,
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(Math.Max(1, options.BreakDuration.TotalSeconds)),
                BreakDuration = options.BreakDuration,
            })
            .AddTimeout(options.SendTimeout)
            .Build();
    }

    internal static IServiceCollection AddMailDeliveryPipeline(this IServiceCollection services) =>
        services.AddKeyedSingleton(MailDelivery, static (sp, _) =>
            BuildMailDelivery(sp.GetRequiredService<IOptions<MailingOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
}
