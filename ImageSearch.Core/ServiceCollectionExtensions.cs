using ImageSearch.Core.Admin;
using ImageSearch.Core.Captioning;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Downloads;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Fetching;
using ImageSearch.Core.Health;
using ImageSearch.Core.Imaging;
using ImageSearch.Core.Models;
using ImageSearch.Core.Models.Clip;
using ImageSearch.Core.Models.Embedded;
using ImageSearch.Core.Quotas;
using ImageSearch.Core.Ranking;
using ImageSearch.Core.Refinement;
using ImageSearch.Core.Search;
using ImageSearch.Core.Sessions;
using ImageSearch.Core.Sources;
using ImageSearch.Core.Sources.Web;
using ImageSearch.Core.Storage;
using ImageSearch.Core.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the whole pipeline, bottom to top: storage, images, models, stages (ranking, catalog, sources, captioning,
    /// refinement), then sessions, uploads, downloads, search and health. The one registration entry point of the app.
    /// Every options class binds one way: its section, data annotations, validated at start.
    /// </summary>
    public static IServiceCollection AddImageSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(configuration); // what BindConfiguration reads (hosts register it already)
        services.TryAddSingleton(TimeProvider.System);

        AddOptions<StorageOptions>(services, StorageOptions.SectionName);
        services.AddSingleton<StorageClients>();
        services.AddSingleton<JpegBlobs>();
        services.AddSingleton<SessionImages>();
        services.AddSingleton<CatalogImages>();
        services.AddHostedService<StorageInitializer>();

        AddOptions<ImageLimitsOptions>(services, ImageLimitsOptions.SectionName);
        services.TryAddSingleton<DecodeGate>();
        services.AddSingleton<ImageNormalizer>();
        AddOptions<AdminOptions>(services, AdminOptions.SectionName);
        AddOptions<QuotaOptions>(services, QuotaOptions.SectionName);
        services.TryAddSingleton<RequestQuotas>();
        services.AddSingleton<AdminKeyValidator>();

        // Embeddings of images by content: uploads, queries and web candidates all go through it.
        services.AddSingleton<IEmbeddingCache, TableEmbeddingCache>();
        services.AddSingleton<ImageEmbeddings>();

        AddModels(services);
        AddStages(services);
        AddWebSource(services);

        AddOptions<SessionOptions>(services, SessionOptions.SectionName);
        services.AddSingleton<ISessionStore, TableSessionStore>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<SessionCleaner>();
        AddOptions<UploadOptions>(services, UploadOptions.SectionName);
        services.AddSingleton<UploadService>();
        AddOptions<DownloadOptions>(services, DownloadOptions.SectionName);
        services.AddSingleton<DownloadLinks>();
        services.AddSingleton<DownloadService>();
        AddOptions<SearchOptions>(services, SearchOptions.SectionName);
        AddOptions<QueryComposerOptions>(services, QueryComposerOptions.SectionName);
        services.TryAddSingleton(sp => new QueryEmbeddingCache(sp.GetRequiredService<IOptions<QueryComposerOptions>>().Value.QueryCacheEntries));
        services.AddSingleton<QueryComposer>();
        services.AddSingleton<CandidateEmbedder>();
        services.AddSingleton<CandidateCollector>();
        services.AddSingleton<SearchPipeline>();
        services.AddSingleton<SearchService>();
        services.AddSingleton<RefinementService>();
        services.AddSingleton<HealthService>();
        services.AddHostedService<ModelWarmup>();
        return services;
    }

    /// <summary>Every model, loaded on first use; the model files are copied from blob storage first when configured.</summary>
    private static void AddModels(IServiceCollection services)
    {
        AddOptions<ModelSyncOptions>(services, ModelSyncOptions.SectionName);
        services.AddHostedService<ModelSync>(); // before anything loads a model
        AddOptions<EmbeddedModelOptions>(services, EmbeddedModelOptions.SectionName);
        services.AddSingleton<MiniLmTextEmbedder>();
        services.AddSingleton<ResNetImageEmbedder>();
        AddOptions<ClipOptions>(services, ClipOptions.SectionName);
        services.AddSingleton<ClipTextEmbedder>();
        services.AddSingleton<ClipImageEmbedder>();
        AddOptions<CaptionerOptions>(services, CaptionerOptions.SectionName);
        AddOptions<QueryRewriterOptions>(services, QueryRewriterOptions.SectionName);
    }

    /// <summary>Per stage, the embedded way always works and the downloaded model wins when present (selectors pick by priority).</summary>
    private static void AddStages(IServiceCollection services)
    {
        services.AddSingleton<IRankingTier, EmbeddedRankingTier>();
        services.AddSingleton<IRankingTier, ClipRankingTier>();
        services.AddSingleton<RankingTierSelector>();

        AddOptions<CatalogOptions>(services, CatalogOptions.SectionName);
        services.AddSingleton<CatalogStore>();
        services.AddSingleton(sp => new CatalogSnapshotBlobs(
            sp.GetRequiredService<StorageClients>(), parallelRanges: sp.GetRequiredService<IOptions<CatalogOptions>>().Value.SnapshotParallelRanges));
        services.AddSingleton<CatalogSnapshotReader>();
        services.AddSingleton<CatalogSnapshotWriter>();
        services.AddSingleton<CatalogIndexProvider>();
        services.AddHostedService<CatalogIndexRefresher>();
        services.AddHostedService<CatalogSnapshotScheduler>();
        services.TryAddSingleton(sp => new BackgroundWorkScheduler(
            sp.GetRequiredService<IOptions<CatalogOptions>>().Value.BackgroundThreads is > 0 and var threads ? threads : Environment.ProcessorCount,
            "imagesearch-background"));
        services.AddSingleton<CatalogImporter>();
        services.AddHostedService<CatalogBackfill>();
        services.AddSingleton<IImageSource, CatalogSource>();

        services.AddSingleton<ICaptioner, NearestNeighbourCaptioner>();
        services.AddSingleton<ICaptioner, OnnxCaptioner>();
        services.AddSingleton<CaptionerSelector>();

        services.AddSingleton<RuleBasedRefiner>();
        services.AddSingleton<IQueryRefiner>(provider => provider.GetRequiredService<RuleBasedRefiner>());
        services.AddSingleton<IQueryRefiner, LlmQueryRewriter>();
        services.AddSingleton<RefinerSelector>();
    }

    /// <summary>
    /// The DuckDuckGo source (an <see cref="IImageSource"/>; <see cref="SourceSelection"/> decides whether a search uses
    /// it), the safe fetcher and its "safe-fetch" HttpClient, the "duckduckgo" HttpClient with retry and circuit breaker,
    /// and the web image cache.
    /// </summary>
    private static void AddWebSource(IServiceCollection services)
    {
        AddOptions<SafeFetchOptions>(services, SafeFetchOptions.SectionName);
        AddOptions<DuckDuckGoOptions>(services, DuckDuckGoOptions.SectionName);
        AddOptions<WebCacheOptions>(services, WebCacheOptions.SectionName);
        services.AddSingleton<IHostResolver, DnsHostResolver>();
        services.AddSingleton<IWebImageCache, TableWebImageCache>();
        services.AddSingleton<SafeHttpHandlerFactory>();
        services.AddSingleton<SafeImageFetcher>();
        services.AddSingleton<DuckDuckGoClient>();
        services.AddSingleton<WebImageCollector>();
        services.AddSingleton<IImageSource, DuckDuckGoImageSource>();

        // Remote images: the safe handler only, our own timeouts, no logging handlers (they would log URLs).
        services.AddHttpClient(SafeHttpHandlerFactory.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<SafeHttpHandlerFactory>().Create())
            .RemoveAllLoggers();

        // DuckDuckGo: fixed configured host, no redirects or cookies, the resilience pipeline around every request.
        services.AddHttpClient(DuckDuckGoClient.ClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.MaxResponseContentBufferSize = DuckDuckGoResilience.MaxResponseBytes;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .RemoveAllLoggers()
            .AddResilienceHandler("duckduckgo-resilience", (pipeline, context) =>
                DuckDuckGoResilience.Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<DuckDuckGoOptions>>().Value));
    }

    private static void AddOptions<T>(IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
