using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace ImageSearch.Core.Sources.Web;

/// <summary>
/// How the "duckduckgo" HttpClient copes with a throttling, flaky service: per attempt a timeout, retries with exponential
/// backoff and jitter on rate limiting, server errors and transport failures, and a circuit breaker after repeated failures.
/// </summary>
public static class DuckDuckGoResilience
{
    /// <summary>Bytes of one DuckDuckGo answer (token page or i.js page) the client buffers at most.</summary>
    public const int MaxResponseBytes = 4 * 1024 * 1024;

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, DuckDuckGoOptions settings) =>
        pipeline
            .AddRetry(new HttpRetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
                MaxRetryAttempts = Math.Max(1, settings.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(settings.RetryBaseDelaySeconds),
                MaxDelay = TimeSpan.FromSeconds(Math.Max(settings.RetryBaseDelaySeconds, 10)),
            })
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
                FailureRatio = 0.9,
                MinimumThroughput = settings.BreakAfterFailures,
                SamplingDuration = TimeSpan.FromSeconds(Math.Max(30, settings.BreakSeconds)),
                BreakDuration = TimeSpan.FromSeconds(settings.BreakSeconds),
            })
            .AddTimeout(TimeSpan.FromSeconds(settings.TimeoutSeconds));

    /// <summary>Rate limiting (202/403/418/429), server errors, request timeouts and transport failures.</summary>
    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => DuckDuckGoClient.IsRateLimited(response.StatusCode)
            || (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout,
        _ => false,
    };
}
