using ImageSearch.Core.Admin;
using ImageSearch.Core.Captioning;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Downloads;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Health;
using ImageSearch.Core.Imaging;
using ImageSearch.Core.Models;
using ImageSearch.Core.Models.Clip;
using ImageSearch.Core.Models.Embedded;
using ImageSearch.Core.Models.Generation;
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

namespace ImageSearch.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers the whole search pipeline: storage, sessions, catalog, models and tiers.</summary>
    public static IServiceCollection AddImageSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        AddOptions<StorageOptions>(services, StorageOptions.SectionName);
        AddOptions<SessionOptions>(services, SessionOptions.SectionName);
        AddOptions<ImageLimitsOptions>(services, ImageLimitsOptions.SectionName);
        AddOptions<CatalogOptions>(services, CatalogOptions.SectionName);
        AddOptions<SearchOptions>(services, SearchOptions.SectionName);
        AddOptions<AdminOptions>(services, AdminOptions.SectionName);
        AddOptions<DownloadOptions>(services, DownloadOptions.SectionName);
        AddOptions<UploadOptions>(services, UploadOptions.SectionName);
        AddOptions<QueryComposerOptions>(services, QueryComposerOptions.SectionName);

        services.AddSingleton<StorageClients>();
        services.AddHostedService<StorageInitializer>();
        services.AddSingleton<ISessionStore, TableSessionStore>();
        services.AddSingleton<SessionImages>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<SessionCleaner>();

        services.AddSingleton<ImageNormalizer>();
        services.AddSingleton<CatalogStore>();
        services.AddSingleton<CatalogIndexProvider>();
        services.AddSingleton<CatalogImporter>();

        services.AddEmbeddedModels(configuration);
        AddOptions<ModelSyncOptions>(services, ModelSyncOptions.SectionName);
        services.AddHostedService<ModelSync>(); // before anything loads a model
        services.AddSingleton<IRankingTier, EmbeddedRankingTier>();
        services.AddClip();
        services.AddSingleton<IRankingTier, ClipRankingTier>();
        services.AddHostedService<CatalogBackfill>();
        services.AddHostedService<ModelWarmup>();
        services.AddSingleton<RankingTierSelector>();

        services.AddSingleton<ImageEmbeddings>();
        // Per stage: the embedded way always works, the downloaded model wins when present (selectors pick by priority).
        services.AddSingleton<ICaptioner, NearestNeighbourCaptioner>();
        services.AddSingleton<RuleBasedRefiner>();
        services.AddSingleton<IQueryRefiner>(provider => provider.GetRequiredService<RuleBasedRefiner>());
        services.AddGeneration(configuration);

        services.AddSingleton<IImageSource, CatalogSource>();
        services.AddSingleton<QueryComposer>();
        services.AddSingleton<CandidateEmbedder>();
        services.AddWebSource(configuration);
        services.AddSingleton<SearchService>();
        services.AddSingleton<RefinementService>();
        services.AddSingleton<UploadService>();
        services.AddSingleton<DownloadLinks>();
        services.AddSingleton<ResultLinks>();
        services.AddSingleton<DownloadService>();
        services.AddSingleton<HealthService>();
        services.AddSingleton<AdminKeyValidator>();
        return services;
    }

    private static void AddOptions<T>(IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
