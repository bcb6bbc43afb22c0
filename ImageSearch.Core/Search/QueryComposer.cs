using ImageSearch.Core.Catalog;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Errors;
using ImageSearch.Core.Ranking;
using ImageSearch.Core.Refinement;
using ImageSearch.Core.Sessions;
using ImageSearch.Core.Storage;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Search;

/// <summary>
/// Builds the composite query of a session (docs/ranking.md):
/// text = query + captions of the query's uploads + positive feedback terms + descriptions of picked results, weight 1;
/// each negative term −λ/√n; image = normalise(Σ uploads + β Σ picked − γ Σ rejected) (Rocchio), weight w_img.
/// </summary>
public sealed class QueryComposer(
    ImageEmbeddings imageEmbeddings, SessionImages sessionImages, QueryEmbeddingCache queryCache, IOptions<QueryComposerOptions> options)
{
    public async Task<ComposedQuery> ComposeAsync(
        string sessionId, SessionState state, IRankingTier tier, CatalogIndex catalog, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var uploads = state.Uploads.Where(u => state.QueryUploadIds.Contains(u.Id)).ToList();
        var positives = new List<string>();
        if (state.CombinedQuery is { } combined)
        {
            positives.Add(combined);
        }
        else
        {
            positives.AddRange([.. (string.IsNullOrWhiteSpace(state.Query) ? [] : new[] { state.Query }), .. uploads.Select(u => u.Caption)]);
        }

        var negatives = new List<string>();
        var picked = new List<AppliedRefinement>();
        var rejected = new List<AppliedRefinement>();
        foreach (var step in state.Refinements)
        {
            positives.AddRange(step.Positive);
            negatives.AddRange(step.Negative);
            (step.Kind == RefinementKind.Select ? picked : step.Kind == RefinementKind.Reject ? rejected : null)?.Add(step);
        }

        var text = string.Join(", ", positives.Distinct(StringComparer.OrdinalIgnoreCase));
        var terms = negatives.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var embedded = await queryCache.EmbedAsync(tier.Queries, [text, .. terms], cancellationToken);
        var components = new List<WeightedVector> { new(embedded[0], 1f, "text") };
        components.AddRange(embedded.Skip(1).Select(e => new WeightedVector(e, -settings.NegativeWeight / MathF.Sqrt(negatives.Count), "negative")));

        var image = new float[0];
        foreach (var upload in uploads)
        {
            var embedding = await imageEmbeddings.GetOrComputeAsync(tier.Images, upload.ContentHash, ct => LoadUploadAsync(sessionId, upload, ct), cancellationToken);
            image = Add(image, embedding.Vector, 1f);
        }

        foreach (var (step, weight) in picked.Select(p => (p, settings.SelectedWeight)).Concat(rejected.Select(r => (r, -settings.RejectedWeight))))
        {
            if (ItemImage(catalog, tier, step) is { } vector)
            {
                image = Add(image, vector, weight);
            }
        }

        if (image.Length > 0 && VectorMath.Normalize(image) is var unit && unit.Any(v => v != 0))
        {
            var weight = uploads.Count > 0 ? settings.ImageWeight : settings.FeedbackImageWeight;
            components.Add(new WeightedVector(new Embedding(tier.ImageModelId, unit), weight, "image"));
        }

        var display = text + (negatives.Count > 0 ? " — without " + string.Join(", ", negatives.Distinct(StringComparer.OrdinalIgnoreCase)) : "");
        var excluded = rejected.Select(r => r.ResultId!).ToHashSet(StringComparer.Ordinal);
        return new ComposedQuery(text, display, new CompositeQuery(components), excluded);
    }

    /// <summary>Only on an embedding-cache miss (a tier added after the upload): the stored clean JPEG is decoded again.</summary>
    private async Task<Image<Rgb24>> LoadUploadAsync(string sessionId, SessionUpload upload, CancellationToken cancellationToken)
    {
        var jpeg = await sessionImages.ReadUploadAsync(sessionId, upload.Id, cancellationToken)
            ?? throw new ImageSearchException("image-not-found", ErrorKind.NotFound, "Image not found", "An image of this search no longer exists.");
        return Image.Load<Rgb24>(jpeg.ToArray());
    }

    private static float[]? ItemImage(CatalogIndex catalog, IRankingTier tier, AppliedRefinement step) =>
        step.ResultId is { } id && catalog.Find(id) is { } item
            ? item.Embeddings.FirstOrDefault(e => e.ModelId == tier.ImageModelId)?.Vector
            : null;

    private static float[] Add(float[] sum, float[] vector, float weight)
    {
        var result = sum.Length == 0 ? new float[vector.Length] : sum;
        if (result.Length == vector.Length)
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(vector, weight, result, result);
        }

        return result;
    }
}
