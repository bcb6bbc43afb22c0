using ImageSearch.Core.Catalog;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Ranking;
using ImageSearch.Core.Refinement;
using ImageSearch.Core.Search;
using ImageSearch.Core.Sessions;
using ImageSearch.Core.Storage;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Tests.Search;

/// <summary>The composite query of docs/ranking.md, built from session states by hand (no storage is touched).</summary>
[TestClass]
public sealed class QueryComposerTests
{
    private readonly QueryComposerOptions _weights = new();
    private readonly WordTier _tier = new();

    [TestMethod]
    public async Task FeedbackTermsBecomePositiveTextAndWeightedNegatives()
    {
        var state = SessionState.Empty with
        {
            Query = "fruit",
            Refinements = [Feedback(["red"], ["apples", "pears"])],
        };

        var composed = await ComposeAsync(state, CatalogIndex.Empty);

        Assert.AreEqual("fruit, red", composed.Text);
        Assert.AreEqual("fruit, red — without apples, pears", composed.Display);
        var negatives = composed.Vectors.Components.Where(c => c.Role == "negative").ToList();
        Assert.HasCount(2, negatives);
        Assert.IsTrue(negatives.All(n => Math.Abs(n.Weight - (-_weights.NegativeWeight / MathF.Sqrt(2))) < 1e-6));
        Assert.AreEqual(1f, composed.Vectors.Components[0].Weight);
    }

    [TestMethod]
    public async Task CombinedQueryFromTheRewriterReplacesQueryAndCaptions()
    {
        var state = SessionState.Empty with { Query = "cat", CombinedQuery = "tabby cat on a sofa" };

        var composed = await ComposeAsync(state, CatalogIndex.Empty);

        Assert.AreEqual("tabby cat on a sofa", composed.Text);
    }

    [TestMethod]
    public async Task PickedAndRejectedResultsMoveTheImageVectorRocchioStyle()
    {
        var picked = Item("p", [1, 0, 0]);
        var rejected = Item("r", [0, 1, 0]);
        var state = SessionState.Empty with
        {
            Query = "bird",
            Refinements =
            [
                new AppliedRefinement(RefinementKind.Select, null, "p", "catalog", "p", ["A penguin."], [], "rocchio"),
                new AppliedRefinement(RefinementKind.Reject, null, "r", "catalog", "r", [], [], "rocchio"),
            ],
        };

        var composed = await ComposeAsync(state, new CatalogIndex([picked, rejected], "v"));

        var image = composed.Vectors.Components.Single(c => c.Role == "image");
        Assert.AreEqual(_weights.FeedbackImageWeight, image.Weight);
        var expected = VectorMath.Normalize([_weights.SelectedWeight, -_weights.RejectedWeight, 0]);
        CollectionAssert.AreEqual(expected, image.Vector.Vector);
        Assert.AreEqual("bird, A penguin.", composed.Text);
        CollectionAssert.AreEqual(new[] { "r" }, composed.Excluded.ToList());
    }

    private Task<ComposedQuery> ComposeAsync(SessionState state, CatalogIndex catalog)
    {
        var storage = new StorageClients(Options.Create(new StorageOptions { ConnectionString = "UseDevelopmentStorage=true" }));
        var composer = new QueryComposer(new ImageEmbeddings(new NoCache()), new SessionImages(storage), Options.Create(_weights));
        return composer.ComposeAsync(SessionId.New(), state, _tier, catalog, CancellationToken.None);
    }

    private static AppliedRefinement Feedback(IReadOnlyList<string> positive, IReadOnlyList<string> negative) =>
        new(RefinementKind.Feedback, "feedback", null, null, null, positive, negative, "rules");

    private static CatalogItem Item(string id, float[] image) =>
        new(id, id, id, [], "", 1, 1, DateTimeOffset.UnixEpoch, [new Embedding(WordTier.Image, image), new Embedding(WordTier.Text, [1, 0])]);

    /// <summary>A tier whose text vectors are fixed unit vectors: the composer's arithmetic is what is under test.</summary>
    private sealed class WordTier : IRankingTier
    {
        public const string Text = "words";
        public const string Image = "pixels";

        public string Name => "words";

        public int Priority => 0;

        public IReadOnlyList<ModelInfo> Models => [];

        public ModelStatus Status => ModelStatus.Available("test");

        public ITextEmbedder Queries { get; } = new FixedTextEmbedder();

        public IImageEmbedder Images { get; } = new NoImageEmbedder();

        public Task<IReadOnlyList<Embedding>> EmbedItemAsync(string text, Image<Rgb24> image, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class FixedTextEmbedder : ITextEmbedder
    {
        public ModelInfo Model { get; } = new(WordTier.Text, "test", "test");

        public ModelStatus Status => ModelStatus.Available("test");

        public Task<IReadOnlyList<Embedding>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Embedding>>([.. texts.Select(_ => new Embedding(WordTier.Text, [1, 0]))]);
    }

    private sealed class NoImageEmbedder : IImageEmbedder
    {
        public ModelInfo Model { get; } = new(WordTier.Image, "test", "test");

        public ModelStatus Status => ModelStatus.Available("test");

        public Task<IReadOnlyList<Embedding>> EmbedAsync(IReadOnlyList<Image<Rgb24>> images, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class NoCache : IEmbeddingCache
    {
        public Task<Embedding?> GetAsync(string modelId, string contentHash, CancellationToken cancellationToken) => Task.FromResult<Embedding?>(null);

        public Task SetAsync(string contentHash, Embedding embedding, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
