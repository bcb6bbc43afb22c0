using ImageSearch.Core.Catalog;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Models.Embedded;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Captioning;

/// <summary>
/// The embedded tier's captioner: borrow a description from the visually closest catalog images (ResNet18), choosing by
/// consensus — among the k nearest neighbours, the description most similar (MiniLM) to the other neighbours'
/// descriptions, weighted by visual similarity. This is the consensus re-ranking of Devlin et al. 2015 ("Exploring
/// Nearest Neighbor Approaches for Image Captioning"), which they found competitive with generative captioners.
/// </summary>
public sealed class NearestNeighbourCaptioner(ResNetImageEmbedder images, MiniLmTextEmbedder texts, CatalogIndexProvider index) : ICaptioner
{
    private const int Neighbours = 5;

    public string Name => "nearest-neighbour";

    public int Priority => 0;

    public ModelStatus Status => ModelStatus.AllOf(
        "Borrows descriptions of the visually closest catalog images (ResNet18 + MiniLM consensus).", images.Status, texts.Status);

    public async Task<Caption> CaptionAsync(Image<Rgb24> image, IReadOnlyList<Embedding> knownEmbeddings, CancellationToken cancellationToken)
    {
        var visual = knownEmbeddings.FirstOrDefault(e => e.ModelId == images.Model.Id)
            ?? (await images.EmbedAsync([image], cancellationToken))[0];
        var catalog = await index.GetAsync(cancellationToken);
        var neighbours = catalog.Nearest(visual, Neighbours)
            .Where(n => !string.IsNullOrWhiteSpace(n.Item.Description))
            .ToList();
        if (neighbours.Count == 0)
        {
            return new Caption("an image", ModelId);
        }

        var textVectors = neighbours
            .Select(n => n.Item.Embeddings.FirstOrDefault(e => e.ModelId == texts.Model.Id)?.Vector)
            .ToList();
        var best = neighbours
            .Select((n, i) => (n.Item, Consensus: Consensus(i, textVectors, neighbours)))
            .MaxBy(x => x.Consensus).Item;
        return new Caption(best.Description, ModelId);
    }

    private string ModelId => $"nn-caption({images.Model.Id}+{texts.Model.Id})";

    /// <summary>Visual-similarity-weighted mean text similarity of candidate <paramref name="i"/> to the other neighbours.</summary>
    private static float Consensus(int i, List<float[]?> textVectors, List<ScoredItem> neighbours)
    {
        if (textVectors[i] is not { } own)
        {
            return float.MinValue;
        }

        float sum = neighbours[i].Score, weights = 1;
        for (var j = 0; j < neighbours.Count; j++)
        {
            if (j != i && textVectors[j] is { } other)
            {
                sum += neighbours[j].Score * VectorMath.Cosine(own, other);
                weights += neighbours[j].Score;
            }
        }

        return sum / weights;
    }
}
