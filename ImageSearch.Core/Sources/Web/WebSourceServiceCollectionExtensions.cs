using System.Net;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Fetching;
using ImageSearch.Core.Imaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace ImageSearch.Core.Sources.Web;

public static class WebSourceServiceCollectionExtensions
{
    /// <summary>Bytes of one DuckDuckGo answer (token page or i.js page) the client buffers at most.</summary>
    private const int MaxDuckDuckGoResponseBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Registers the DuckDuckGo source (as an <see cref="IImageSource"/>; <see cref="SourceSelection"/> decides whether a
    /// search uses it), the safe fetcher and its "safe-fetch" HttpClient, the "duckduckgo" HttpClient with retry and circuit
    /// breaker, and the web image and embedding caches. Needs <see cref="Storage.StorageClients"/> and the
    /// <see cref="ImageLimitsOptions"/> binding from AddImageSearch.
    /// </summary>
    public static IServiceCollection AddWebSource(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration; // sections are bound through BindConfiguration; kept for the AddXxx(services, configuration) convention
        if (services.Any(d => d.ServiceType == typeof(IImageSource) && d.ImplementationType == typeof(DuckDuckGoImageSource)))
        {
            return services; // already registered (AddImageSearch calls this); a second call would list the source twice
        }

        AddOptions<SafeFetchOptions>(services, SafeFetchOptions.SectionName);
        AddOptions<DuckDuckGoOptions>(services, DuckDuckGoOptions.SectionName);
        AddOptions<WebCacheOptions>(services, WebCacheOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ImageNormalizer>();
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.TryAddSingleton<IWebImageCache, TableWebImageCache>();
        services.TryAddSingleton<IEmbeddingCache, TableEmbeddingCache>();
        services.AddSingleton<SafeHttpHandlerFactory>();
        services.AddSingleton<SafeImageFetcher>();
        services.AddSingleton<DuckDuckGoClient>();
        services.AddSingleton<WebImageCollector>();
        services.AddSingleton<IImageSource, DuckDuckGoImageSource>();

        // Remote images: the safe handler only, our own timeouts, no logging handlers (they would log URLs).
        services.AddHttpClient(SafeHttpHandlerFactory.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<SafeHttpHandlerFactory>().Create())
            .RemoveAllLoggers();

        // DuckDuckGo: fixed configured host; retry with backoff on rate limiting, then a circuit breaker, per attempt a timeout.
        services.AddHttpClient(DuckDuckGoClient.ClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.MaxResponseContentBufferSize = MaxDuckDuckGoResponseBytes;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .RemoveAllLoggers()
            .AddResilienceHandler("duckduckgo-resilience", (pipeline, context) =>
            {
                var settings = context.ServiceProvider.GetRequiredService<IOptions<DuckDuckGoOptions>>().Value;
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
            });
        return services;
    }

    /// <summary>Rate limiting (202/403/418/429), server errors, request timeouts and transport failures.</summary>
    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => DuckDuckGoClient.IsRateLimited(response.StatusCode)
            || (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout,
        _ => false,
    };

    private static void AddOptions<T>(IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
