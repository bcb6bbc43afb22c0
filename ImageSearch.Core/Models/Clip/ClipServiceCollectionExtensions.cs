using Microsoft.Extensions.DependencyInjection;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// Registers the CLIP tier: options from section "Clip" (validated at start), both towers and the scorer as singletons.
/// The embedders are registered by their concrete types; which <c>ITextEmbedder</c> the app uses is decided where the tiers are wired.
/// </summary>
public static class ClipServiceCollectionExtensions
{
    public static IServiceCollection AddClip(this IServiceCollection services)
    {
        services.AddOptions<ClipOptions>().BindConfiguration(ClipOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ClipTextEmbedder>();
        services.AddSingleton<ClipImageEmbedder>();
        services.AddSingleton<ClipScorer>();
        return services;
    }
}
