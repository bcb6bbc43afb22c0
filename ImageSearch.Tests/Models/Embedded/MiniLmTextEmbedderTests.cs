using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Models.Embedded;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImageSearch.Tests.Models.Embedded;

[TestClass]
public sealed class MiniLmTextEmbedderTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task KoalaIsCloserToKoalaDescriptionThanToFireTruckOrPizza()
    {
        var vectors = await EmbedAsync("koala", "A koala.", "A fire truck.", "A slice of pizza.");

        var koala = VectorMath.Cosine(vectors[0], vectors[1]);
        Assert.IsGreaterThan(VectorMath.Cosine(vectors[0], vectors[2]), koala);
        Assert.IsGreaterThan(VectorMath.Cosine(vectors[0], vectors[3]), koala);
    }

    [TestMethod]
    public async Task EachQueryRanksItsStampDescriptionFirst()
    {
        // Descriptions of Tux Paint stamps; queries use other words than the descriptions where they can.
        string[] descriptions = ["A koala.", "A garbage truck.", "A quarter of pizza.", "A banana.", "A red apple.", "A kangaroo."];
        string[] queries = ["koala bear", "rubbish lorry", "italian food", "yellow fruit", "red apple", "australian animal that hops"];
        var docs = await EmbedAsync(descriptions);
        var asked = await EmbedAsync(queries);

        for (var q = 0; q < queries.Length; q++)
        {
            var best = Enumerable.Range(0, docs.Length).MaxBy(d => VectorMath.Cosine(asked[q], docs[d]));
            Assert.AreEqual(descriptions[q], descriptions[best], $"query '{queries[q]}'");
        }
    }

    [TestMethod]
    public async Task BatchGivesTheSameVectorsAsOneByOne()
    {
        string[] texts =
        [
            "A koala.", "", "A fire truck parked in front of a red brick fire station.", "pizza",
            string.Join(' ', Enumerable.Repeat("a very long caption", 200)), "Café crème", "東京の地下鉄", "A slice of pizza with olives.",
        ];
        // Batches of 3 split the 8 texts over several ONNX calls with different padding.
        using var embedder = new MiniLmTextEmbedder(
            Options.Create(new EmbeddedModelOptions { TextBatchSize = 3 }), NullLogger<MiniLmTextEmbedder>.Instance);

        var batched = await embedder.EmbedAsync(texts, TestContext.CancellationToken);

        Assert.HasCount(texts.Length, batched);
        for (var i = 0; i < texts.Length; i++)
        {
            var single = (await TestModels.MiniLm.EmbedAsync([texts[i]], TestContext.CancellationToken))[0].Vector;
            VectorAssert.AreClose(single, batched[i].Vector, 1e-4f, $"text {i}");
        }
    }

    [TestMethod]
    public async Task EmbeddingsAreUnitLength384DimensionalAndTaggedWithTheModel()
    {
        var embeddings = await TestModels.MiniLm.EmbedAsync(["A koala.", "", "   ", "!!!"], TestContext.CancellationToken);

        foreach (var embedding in embeddings)
        {
            Assert.AreEqual("all-MiniLM-L6-v2", embedding.ModelId);
            Assert.AreEqual(384, embedding.Dimensions);
            Assert.AreEqual(1.0, Math.Sqrt(embedding.Vector.Sum(v => (double)v * v)), 1e-4);
            Assert.IsTrue(embedding.Vector.All(float.IsFinite));
        }

        Assert.AreEqual(new ModelInfo("all-MiniLM-L6-v2", "embedded", TestModels.MiniLm.Model.Source), TestModels.MiniLm.Model);
    }

    [TestMethod]
    public async Task TextLongerThan256TokensIsTruncatedNotRejected()
    {
        // "koala" is two word pieces, so 300 of them already exceed 256 tokens: what follows is cut off.
        var koalas = string.Join(' ', Enumerable.Repeat("koala", 300));
        var vectors = await EmbedAsync(koalas, koalas + " " + string.Join(' ', Enumerable.Repeat("fire truck", 2000)));

        VectorAssert.AreClose(vectors[0], vectors[1], 1e-5f, "the text after the first 254 word pieces changed the embedding");
    }

    [TestMethod]
    public async Task AccentsAndCaseAreIgnoredAsInBertUncased()
    {
        var vectors = await EmbedAsync("Café Crème Brûlée", "cafe creme brulee");

        Assert.AreEqual(1.0f, VectorMath.Cosine(vectors[0], vectors[1]), 1e-5f);
    }

    [TestMethod]
    public async Task ConcurrentCallsGiveTheSameVectorsAsSequentialOnes()
    {
        var texts = Enumerable.Range(0, 24).Select(i => $"Photo {i}: a koala number {i * 7} in a tree, café {i}").ToArray();
        var sequential = new List<float[]>();
        foreach (var text in texts)
        {
            sequential.Add((await TestModels.MiniLm.EmbedAsync([text], TestContext.CancellationToken))[0].Vector);
        }

        var concurrent = await Task.WhenAll(texts.Select(text => Task.Run(
            async () => (await TestModels.MiniLm.EmbedAsync([text], TestContext.CancellationToken))[0].Vector, TestContext.CancellationToken)));

        for (var i = 0; i < texts.Length; i++)
        {
            VectorAssert.AreClose(sequential[i], concurrent[i], 1e-5f, $"text {i}");
        }
    }

    [TestMethod]
    public async Task EmptyListGivesEmptyResult()
    {
        var embeddings = await TestModels.MiniLm.EmbedAsync([], TestContext.CancellationToken);

        Assert.IsEmpty(embeddings);
    }

    [TestMethod]
    public async Task CancelledRequestThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => TestModels.MiniLm.EmbedAsync(["A koala."], cancelled.Token));
    }

    private async Task<float[][]> EmbedAsync(params string[] texts) =>
        (await TestModels.MiniLm.EmbedAsync(texts, TestContext.CancellationToken)).Select(e => e.Vector).ToArray();
}
