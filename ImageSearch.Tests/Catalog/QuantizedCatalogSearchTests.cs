using ImageSearch.Core.Catalog;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Ranking;
using ImageSearch.Tests.Ranking;

namespace ImageSearch.Tests.Catalog;

/// <summary>
/// The catalog's compact scan (int8 codes over all cores, then an exact re-rank of a shortlist) against expectations
/// computed independently: by construction (planted neighbours at known cosines) or by a plain double-precision loop.
/// </summary>
[TestClass]
public sealed class QuantizedCatalogSearchTests
{
    private const int Dimensions = 384;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void QuantizedSearchReturnsTheExactTopTenOfPlantedNeighbours()
    {
        var random = new Random(11);
        var query = RandomUnit(random, Dimensions);
        // Ten neighbours at cosines 0.60, 0.58, ..., 0.42 to the query; 50 more at 0.40 just behind them; 40,000 random
        // vectors (cosine with the query ~ N(0, 0.05), none near 0.4). The expected order follows from the construction.
        var planted = Enumerable.Range(0, 10).Select(j => Item($"n{j}", AtCosine(random, query, 0.60 - (0.02 * j)))).ToList();
        var behind = Enumerable.Range(0, 50).Select(j => Item($"b{j}", AtCosine(random, query, 0.40)));
        var noise = Enumerable.Range(0, 40_000).Select(j => Item($"r{j}", RandomUnit(random, Dimensions)));
        var items = noise.Concat(planted).Concat(behind).OrderBy(_ => random.Next()).ToList();
        var index = new CatalogIndex(items, "v");

        var top = index.Nearest(new Embedding("m", query), 10);

        CollectionAssert.AreEqual(planted.Select(p => p.Id).ToArray(), top.Select(t => t.Item.Id).ToArray());
        for (var j = 0; j < 10; j++)
        {
            Assert.AreEqual(0.60 - (0.02 * j), top[j].Score, 1e-3, "the planted cosine, within fp16 precision");
            Assert.AreEqual(Dot(query, Fp16.Round(planted[j].Embeddings[0].Vector)), top[j].Score, 1e-5, "exact scores of the fp16 vectors after the re-rank");
        }
    }

    [TestMethod]
    public void RecallAtTenAgainstExactDoublePrecisionRankingIsAtLeast099()
    {
        var random = new Random(5);
        var centres = Enumerable.Range(0, 300).Select(_ => RandomUnit(random, Dimensions)).ToList();
        var items = Enumerable.Range(0, 30_000).Select(i => Item($"i{i}", Noisy(random, centres[i % centres.Count], 0.08))).ToList();
        var index = new CatalogIndex(items, "v");

        var found = 0;
        const int Queries = 60;
        for (var q = 0; q < Queries; q++)
        {
            var query = Noisy(random, centres[random.Next(centres.Count)], 0.08);
            var exact = items.Select(i => (i.Id, Score: Dot(query, i.Embeddings[0].Vector))).OrderByDescending(x => x.Score).Take(10).Select(x => x.Id);
            found += index.Nearest(new Embedding("m", query), 10).Select(s => s.Item.Id).Intersect(exact).Count();
        }

        var recall = found / (10.0 * Queries);
        TestContext.WriteLine($"recall@10 over {Queries} queries, {items.Count} items, {Dimensions} dimensions: {recall:F4}");
        Assert.IsGreaterThanOrEqualTo(0.99, recall);
    }

    [TestMethod]
    public void CompositeQueriesOverTwoSpacesMatchTheExactScoring()
    {
        var random = new Random(3);
        var items = Enumerable.Range(0, 3_000).Select(i => new CatalogItem(
            $"i{i}", "", "", [], "", 1, 1, DateTimeOffset.UnixEpoch,
            i % 7 == 0 ? [new Embedding("text", RandomUnit(random, 64))] : [new Embedding("text", RandomUnit(random, 64)), new Embedding("image", RandomUnit(random, 32))]))
            .ToList();
        var query = new CompositeQuery(
        [
            new WeightedVector(new Embedding("text", RandomUnit(random, 64)), 1f, "text"),
            new WeightedVector(new Embedding("text", RandomUnit(random, 64)), -0.4f, "negative"),
            new WeightedVector(new Embedding("image", RandomUnit(random, 32)), 0.6f, "image"),
        ]);

        // The exact scoring of the vectors the catalog holds (fp16, rounded by the test itself).
        var exact = new EmbeddingIndex([.. items.Select(i => i.Embeddings.Select(e => new Embedding(e.ModelId, Fp16.Round(e.Vector))).ToList())]).Top(query, 10);
        var actual = new CatalogIndex(items, "v").Nearest(query, 10);

        CollectionAssert.AreEqual(exact.Select(e => items[e.Item].Id).ToArray(), actual.Select(a => a.Item.Id).ToArray());
        CollectionAssert.AreEqual(exact.Select(e => e.Score).ToArray(), actual.Select(a => a.Score).ToArray());
    }

    [TestMethod]
    public void AFilterInsideTheScanReturnsTheBestMatchingItems()
    {
        var random = new Random(9);
        var query = RandomUnit(random, Dimensions);
        var items = Enumerable.Range(0, 5_000).Select(i => new CatalogItem(
            $"i{i}", "", "", i % 3 == 0 ? ["red"] : [], i % 2 == 0 ? "animals" : "food", 1, 1, DateTimeOffset.UnixEpoch.AddDays(i),
            [new Embedding("m", RandomUnit(random, Dimensions))])).ToList();
        var index = new CatalogIndex(items, "v");
        var since = DateTimeOffset.UnixEpoch.AddDays(1000);

        var top = index.Nearest(
            CompositeQuery.Of(new Embedding("m", query)), 5,
            o => index.Columns.Category(o) == "animals" && index.Columns.HasTag(o, "red") && index.Columns.ImportedAt(o) >= since);

        var expected = items.Where(i => i.Category == "animals" && i.Tags.Contains("red") && i.ImportedAt >= since)
            .OrderByDescending(i => Dot(query, i.Embeddings[0].Vector)).Take(5).Select(i => i.Id).ToArray();
        CollectionAssert.AreEqual(expected, top.Select(t => t.Item.Id).ToArray());
    }

    [TestMethod]
    public void ACatalogFilterMatchesCategoryAndTagsIgnoringCaseAndBothEndsOfTheDateRange()
    {
        var random = new Random(10);
        var query = RandomUnit(random, Dimensions);
        var items = Enumerable.Range(0, 3_000).Select(i => new CatalogItem(
            $"i{i}", "", "", i % 3 == 0 ? ["red", "round"] : ["red"], i % 2 == 0 ? "animals" : "food", 1, 1, DateTimeOffset.UnixEpoch.AddDays(i),
            [new Embedding("m", RandomUnit(random, Dimensions))])).ToList();
        var index = new CatalogIndex(items, "v");
        var filter = new CatalogFilter("ANIMALS", ["Round", "RED"], DateTimeOffset.UnixEpoch.AddDays(600), DateTimeOffset.UnixEpoch.AddDays(1200));

        var top = index.Nearest(CompositeQuery.Of(new Embedding("m", query)), 8, filter);

        // By hand: even ordinals (animals) that are multiples of 3 (round) between day 600 and day 1200, both included.
        var expected = Enumerable.Range(600, 601).Where(i => i % 6 == 0)
            .OrderByDescending(i => Dot(query, items[i].Embeddings[0].Vector)).Take(8).Select(i => $"i{i}").ToArray();
        CollectionAssert.AreEqual(expected, top.Select(t => t.Item.Id).ToArray());
    }

    [TestMethod]
    public void AnEmptyCatalogFilterKeepsEveryItem()
    {
        var random = new Random(11);
        var query = RandomUnit(random, Dimensions);
        var items = Enumerable.Range(0, 500).Select(i => Item($"i{i}", RandomUnit(random, Dimensions))).ToList();
        var index = new CatalogIndex(items, "v");

        var filtered = index.Nearest(CompositeQuery.Of(new Embedding("m", query)), 5, new CatalogFilter());
        var unfiltered = index.Nearest(CompositeQuery.Of(new Embedding("m", query)), 5);

        CollectionAssert.AreEqual(unfiltered.Select(t => t.Item.Id).ToArray(), filtered.Select(t => t.Item.Id).ToArray());
    }

    [TestMethod]
    public void ScanOverManyRowsUsesChunksAndMatchesAPlainLoop()
    {
        var random = new Random(21);
        var count = (3 * QuantizedSpaceView.ChunkRows) + 123; // several chunks, the last one partial
        var items = Enumerable.Range(0, count).Select(i => Item($"i{i}", RandomUnit(random, 48))).ToList();
        var index = new CatalogIndex(items, "v");
        var query = RandomUnit(random, 48);
        var best = items.MaxBy(i => Dot(query, i.Embeddings[0].Vector))!;

        Assert.AreEqual(best.Id, index.Nearest(new Embedding("m", query), 1).Single().Item.Id);
        Assert.AreEqual(count, index.Count);
    }

    [TestMethod]
    public void WithAddsAndReplacesItemsAndLeavesEarlierSnapshotsAsTheyWere()
    {
        var first = new CatalogIndex([Item("a", Axis(0)), Item("b", Axis(1))], "v1");

        var second = first.With([Item("c", Axis(2)), Item("a", Axis(3))], "v2");

        Assert.AreEqual(3, second.Count);
        Assert.AreEqual(1, second.DeadCount, "a's first row is superseded");
        Assert.AreEqual("a", second.Nearest(new Embedding("m", Axis(3)), 1).Single().Item.Id);
        Assert.IsEmpty(second.Nearest(new Embedding("m", Axis(0)), 3).Where(s => s.Score > 0.5f), "a's old vector no longer matches");
        CollectionAssert.AreEqual(Axis(3), second.Find("a")!.Embeddings.Single().Vector);

        Assert.AreEqual(2, first.Count);
        Assert.IsNull(first.Find("c"));
        CollectionAssert.AreEqual(Axis(0), first.Find("a")!.Embeddings.Single().Vector, "an earlier snapshot keeps its items");
        Assert.AreEqual("a", first.Nearest(new Embedding("m", Axis(0)), 1).Single().Item.Id);

        var fork = first.With([Item("d", Axis(4))], "v3"); // not the newest snapshot: starts a line of its own
        Assert.AreEqual(3, fork.Count);
        Assert.IsNull(fork.Find("c"));
        var compact = second.Compact();
        Assert.AreEqual((3, 0), (compact.Count, compact.DeadCount), "compaction drops superseded rows");
    }

    [TestMethod]
    public void Int8DotProductIsExactForCodes()
    {
        var random = new Random(1);
        foreach (var length in new[] { 0, 1, 15, 16, 31, 32, 33, 384, 512, 515 })
        {
            var a = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
            var b = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
            Assert.AreEqual(a.Zip(b).Sum(p => p.First * p.Second), Int8Vectors.Dot(a, b), $"length {length}");
        }
    }

    [TestMethod]
    public void TopKKeepsTheBestWithLowerItemsFirstOnTies()
    {
        var top = new TopK(3);
        foreach (var (score, item) in new[] { (0.5f, 4), (0.9f, 7), (0.1f, 1), (0.9f, 2), (0.5f, 3), (0.7f, 9) })
        {
            top.Offer(score, item);
        }

        CollectionAssert.AreEqual(new[] { 2, 7, 9 }, top.ItemsBestFirst());
    }

    private static CatalogItem Item(string id, float[] vector) => new(id, id, "", [], "", 1, 1, DateTimeOffset.UnixEpoch, [new Embedding("m", vector)]);

    private static float[] Axis(int axis)
    {
        var vector = new float[8];
        vector[axis] = 1;
        return vector;
    }

    /// <summary>A plain double-precision dot product, independent of the index's code.</summary>
    private static double Dot(float[] a, float[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }

    private static float[] RandomUnit(Random random, int dimensions) => Normalize([.. Enumerable.Range(0, dimensions).Select(_ => Gaussian(random))]);

    private static float[] Noisy(Random random, float[] centre, double sigma) => Normalize([.. centre.Select(c => c + (sigma * Gaussian(random)))]);

    /// <summary>A unit vector at exactly <paramref name="cosine"/> to the unit vector <paramref name="to"/>: c·to + √(1−c²)·u, u ⟂ to.</summary>
    private static float[] AtCosine(Random random, float[] to, double cosine)
    {
        var u = Enumerable.Range(0, to.Length).Select(_ => Gaussian(random)).ToArray();
        var along = u.Zip(to).Sum(p => p.First * p.Second);
        var orthogonal = Normalize([.. u.Select((x, i) => x - (along * to[i]))]);
        var sine = Math.Sqrt(1 - (cosine * cosine));
        return Normalize([.. to.Select((t, i) => (cosine * t) + (sine * orthogonal[i]))]);
    }

    private static float[] Normalize(double[] vector)
    {
        var length = Math.Sqrt(vector.Sum(v => v * v));
        return [.. vector.Select(v => (float)(v / length))];
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
