using ImageSearch.Core.Catalog;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Ranking;
using ImageSearch.Core.Sources;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Search;

/// <summary>
/// Gives web candidates (clean JPEG, no embeddings) the active tier's embeddings: the image embedding through the cache
/// (by content hash: a repeated search embeds nothing again), and for tiers that compare text with item text (the
/// embedded tier) an embedding of the candidate's title.
/// </summary>
public sealed class CandidateEmbedder(ImageEmbeddings images)
{
    public async Task<IReadOnlyList<Candidate>> EmbedAsync(IRankingTier tier, IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken)
    {
        var result = new List<Candidate>(candidates.Count);
        foreach (var candidate in candidates)
        {
            if (candidate.Embeddings.Any(e => e.ModelId == tier.QueryModelId) || candidate is not { Jpeg: { } jpeg, ContentHash: { } hash })
            {
                result.Add(candidate);
                continue;
            }

            var embeddings = new List<Embedding>
            {
                await images.GetOrComputeAsync(tier.Images, hash, _ => Task.FromResult(Image.Load<Rgb24>(jpeg)), cancellationToken),
            };
            if (tier.QueryModelId != tier.ImageModelId)
            {
                embeddings.Add(await tier.EmbedQueryAsync(CatalogItem.IndexText(candidate.Title, candidate.Description, []), cancellationToken));
            }

            result.Add(candidate with { Embeddings = embeddings });
        }

        return result;
    }
}
