using ImageSearch.Core.Embeddings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSearch.Core.Models.Embedded;

public static class EmbeddedModelsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedded model tier: <see cref="MiniLmTextEmbedder"/> and <see cref="ResNetImageEmbedder"/> as singletons
    /// (one model load per process), also as <see cref="ITextEmbedder"/> and <see cref="IImageEmbedder"/>.
    /// </summary>
    public static IServiceCollection AddEmbeddedModels(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(descriptor => descriptor.ServiceType == typeof(MiniLmTextEmbedder)))
        {
            return services; // already registered; adding the interfaces twice would list each embedder twice.
        }

        // Bound from the configuration passed in (not BindConfiguration, which would ignore it and resolve IConfiguration from DI).
        services.AddOptions<EmbeddedModelOptions>()
            .Bind(configuration.GetSection(EmbeddedModelOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<MiniLmTextEmbedder>();
        services.AddSingleton<ResNetImageEmbedder>();

        // Other tiers register their own embedders next to these.
        services.AddSingleton<ITextEmbedder>(provider => provider.GetRequiredService<MiniLmTextEmbedder>());
        services.AddSingleton<IImageEmbedder>(provider => provider.GetRequiredService<ResNetImageEmbedder>());
        return services;
    }
}
