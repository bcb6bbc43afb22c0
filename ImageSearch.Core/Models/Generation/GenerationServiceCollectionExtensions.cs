using ImageSearch.Core.Captioning;
using ImageSearch.Core.Refinement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImageSearch.Core.Models.Generation;

public static class GenerationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the generation stages' downloaded-model tier: <see cref="OnnxCaptioner"/> as <see cref="ICaptioner"/>,
    /// <see cref="LlmQueryRewriter"/> as <see cref="IQueryRefiner"/> (over <see cref="RuleBasedRefiner"/>, added here if
    /// absent), both selectors, and the start-up check that loads the models and logs what is usable. Options from
    /// sections "Captioner" and "QueryRewriter", validated at start. Other captioners and refiners register next to these.
    /// </summary>
    public static IServiceCollection AddGeneration(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(descriptor => descriptor.ServiceType == typeof(OnnxCaptioner)))
        {
            return services; // already registered; adding the interfaces twice would list each model twice.
        }

        // Bound from the configuration passed in, as AddEmbeddedModels does.
        services.AddOptions<CaptionerOptions>()
            .Bind(configuration.GetSection(CaptionerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<QueryRewriterOptions>()
            .Bind(configuration.GetSection(QueryRewriterOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<OnnxCaptioner>();
        services.AddSingleton<ICaptioner>(provider => provider.GetRequiredService<OnnxCaptioner>());
        services.TryAddSingleton<RuleBasedRefiner>();
        services.AddSingleton<LlmQueryRewriter>();
        services.AddSingleton<IQueryRefiner>(provider => provider.GetRequiredService<LlmQueryRewriter>());

        services.AddSingleton<CaptionerSelector>();
        services.AddSingleton<RefinerSelector>();
        services.AddHostedService<GenerationStartupCheck>();
        return services;
    }
}
