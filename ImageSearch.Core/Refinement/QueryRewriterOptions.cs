using System.ComponentModel.DataAnnotations;

namespace ImageSearch.Core.Refinement;

/// <summary>The downloaded distilgpt2 query rewriter. Section "QueryRewriter".</summary>
public sealed class QueryRewriterOptions
{
    public const string SectionName = "QueryRewriter";

    /// <summary>Folder filled by <c>scripts/download-models.sh distilgpt2</c> (files keep their repo paths).</summary>
    [Required(AllowEmptyStrings = false)]
    public string ModelDirectory { get; set; } = "models/downloaded/distilgpt2";

    /// <summary>Time one call may spend in the model; past it the rule-based refiner's answer is used.</summary>
    [Range(10, 60_000)]
    public int DeadlineMilliseconds { get; set; } = 1500;

    /// <summary>Longest rewrite or variation, in tokens.</summary>
    [Range(1, 64)]
    public int MaxNewTokens { get; set; } = 16;

    /// <summary>Variations of the rewritten query returned with a feedback rewrite (for fetching more candidates).</summary>
    [Range(0, 3)]
    public int VariationCount { get; set; } = 2;

    [Range(1, 64)]
    public int IntraOpNumThreads { get; set; } = 2;
}
