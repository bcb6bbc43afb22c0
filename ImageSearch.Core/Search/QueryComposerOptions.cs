using System.ComponentModel.DataAnnotations;

namespace ImageSearch.Core.Search;

/// <summary>Section "Ranking": the weights of the composite query (docs/ranking.md explains them).</summary>
public sealed class QueryComposerOptions
{
    public const string SectionName = "Ranking";

    /// <summary>λ: total weight of the negative prompts, split over them (λ/√n each).</summary>
    [Range(0, 5)]
    public float NegativeWeight { get; set; } = 0.8f;

    /// <summary>Weight of the image vector when the search has uploaded images.</summary>
    [Range(0, 5)]
    public float ImageWeight { get; set; } = 1.0f;

    /// <summary>Weight of the image vector when it only comes from picked / rejected results.</summary>
    [Range(0, 5)]
    public float FeedbackImageWeight { get; set; } = 0.5f;

    /// <summary>Rocchio β: pull toward each picked result.</summary>
    [Range(0, 5)]
    public float SelectedWeight { get; set; } = 0.75f;

    /// <summary>Rocchio γ: push away from each rejected result.</summary>
    [Range(0, 5)]
    public float RejectedWeight { get; set; } = 0.25f;

    /// <summary>
    /// How many query and negative-term embeddings are kept in memory per instance (per model and text), so a refinement
    /// or undo does not embed every term of every earlier step again. ~1.5 KiB each for a 384-dimension model.
    /// </summary>
    [Range(0, 1_000_000)]
    public int QueryCacheEntries { get; set; } = 20_000;
}
