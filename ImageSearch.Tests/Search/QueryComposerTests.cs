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

/// <summary>
/// The composite query of docs/ranking.md, built from session states by hand (no storage is touched). The weights are
/// set here, and every expected number is worked out by hand in the comments, not with the code under test.
/// </summary>
[TestClass]
public sealed class QueryComposerTests
{
    private const float Tolerance = 1e-6f;

    private readonly QueryComposerOptions _weights = new()
    {
        NegativeWeight = 0.8f, ImageWeight = 1f, FeedbackImageWeight = 0.5f, SelectedWeight = 0.75f, RejectedWeight = 0.25f,
    };

    private readonly WordTier _tier = new();

    [TestMethod]
    public async Task FeedbackTermsBecomePositiveTextAndWeightedNegatives()
    {
        var state = SessionState.Empty with { Query = "fruit", Refinements = [Feedback(["red"], ["apples", "pears"])] };

        var composed = await ComposeAsync(state, CatalogIndex.Empty);

        Assert.AreEqual("fruit, red", composed.Text);
        Assert.AreEqual("fruit, red — without apples, pears", composed.Display);
        Assert.AreEqual(("text", 1f), (composed.Vectors.Components[0].Role, composed.Vectors.Components[0].Weight));
        var negatives = composed.Vectors.Components.Where(c => c.Role == "negative").ToList();
        Assert.HasCount(2, negatives);
        foreach (var negative in negatives)
        {
            Assert.AreEqual(-0.5656854f, negative.Weight, Tolerance, "λ/√n = 0.8/√2");
        }
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
        var state = SessionState.Empty with
        {
            Query = "bird",
            Refinements =
            [
                new AppliedRefinement(RefinementKind.Select, null, "p", "catalog", "p", ["A penguin."], [], "rocchio"),
                new AppliedRefinement(RefinementKind.Reject, null, "r", "catalog", "r", [], [], "rocchio"),
            ],
        };

        var composed = await ComposeAsync(state, new CatalogIndex([Item("p", [1, 0, 0]), Item("r", [0, 1, 0])], "v"));

        // β·p − γ·r = (0.75, −0.25, 0); its length is √0.625 = 0.7905694, so the unit vector is (0.9486833, −0.3162278, 0).
        var image = composed.Vectors.Components.Single(c => c.Role == "image");
        Assert.AreEqual(0.5f, image.Weight, "the feedback image weight: no uploads in this search");
        AssertVector([0.9486833f, -0.3162278f, 0f], image.Vector.Vector);
        Assert.AreEqual(WordTier.Image, image.Vector.ModelId);
        Assert.AreEqual("bird, A penguin.", composed.Text);
        CollectionAssert.AreEqual(new[] { "r" }, composed.Excluded.ToList());
    }

    [TestMethod]
    public async Task UploadsOfTheSearchAddUpToOneImageVectorAndTheirCaptionsToTheText()
    {
        var state = SessionState.Empty with
        {
            Query = "boat",
            Uploads = [Upload("u1", 'a', "a red sail"), Upload("u2", 'b', "a harbour"), Upload("u3", 'c', "not in this search")],
            QueryUploadIds = ["u1", "u2"],
        };
        var cache = new FixedCache(new() { [new string('a', 64)] = [1, 0, 0], [new string('b', 64)] = [0, 0, 1], [new string('c', 64)] = [0, 1, 0] });

        var composed = await ComposeAsync(state, CatalogIndex.Empty, cache);

        // (1, 0, 0) + (0, 0, 1) has length √2: the unit vector is (0.7071068, 0, 0.7071068), with the upload image weight.
        var image = composed.Vectors.Components.Single(c => c.Role == "image");
        Assert.AreEqual(1f, image.Weight);
        AssertVector([0.7071068f, 0f, 0.7071068f], image.Vector.Vector);
        Assert.AreEqual("boat, a red sail, a harbour", composed.Text);
    }

    private Task<ComposedQuery> ComposeAsync(SessionState state, CatalogIndex catalog, IEmbeddingCache? cache = null)
    {
        var storage = new StorageClients(Options.Create(new StorageOptions { ConnectionString = "UseDevelopmentStorage=true" }));
        var composer = new QueryComposer(new ImageEmbeddings(cache ?? new FixedCache([])), new SessionImages(new JpegBlobs(storage)), new QueryEmbeddingCache(100), Options.Create(_weights));
        return composer.ComposeAsync(SessionId.New(), state, _tier, catalog, CancellationToken.None);
    }

    private static void AssertVector(float[] expected, float[] actual)
    {
        Assert.HasCount(expected.Length, actual);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], actual[i], Tolerance, $"component {i}");
        }
    }

    private static AppliedRefinement Feedback(IReadOnlyList<string> positive, IReadOnlyList<string> negative) =>
        new(RefinementKind.Feedback, "feedback", null, null, null, positive, negative, "rules");

    private static SessionUpload Upload(string id, char hash, string caption) => new(id, id + ".jpg", 4, 4, new string(hash, 64), caption, "test");

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

    /// <summary>Never asked: every upload's embedding is in the cache.</summary>
    private sealed class NoImageEmbedder : IImageEmbedder
    {
        public ModelInfo Model { get; } = new(WordTier.Image, "test", "test");

        public ModelStatus Status => ModelStatus.Available("test");

        public Task<IReadOnlyList<Embedding>> EmbedAsync(IReadOnlyList<Image<Rgb24>> images, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class FixedCache(Dictionary<string, float[]> vectors) : IEmbeddingCache
    {
        public Task<Embedding?> GetAsync(string modelId, string contentHash, CancellationToken cancellationToken) =>
            Task.FromResult(vectors.TryGetValue(contentHash, out var vector) ? new Embedding(modelId, [.. vector]) : null);

        public Task SetAsync(string contentHash, Embedding embedding, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
