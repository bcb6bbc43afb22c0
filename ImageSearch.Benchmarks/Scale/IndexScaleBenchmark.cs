using System.Diagnostics;
using System.Globalization;
using ImageSearch.Benchmarks.Infrastructure;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Models.Embedded;

namespace ImageSearch.Benchmarks.Scale;

/// <summary>
/// The catalog index alone, in this process, at 100,000 and 1,000,000 items (embedded tier: a 384-dimension text vector
/// and a 512-dimension image vector per item). Vectors are clustered like real embeddings (2,000 centres, each item its
/// centre plus Gaussian noise, cosine ≈ 0.8 to it), not uniform noise, which would make every score alike. Prints the
/// build time, managed heap and process RSS after the build, warm text-query latency (p50/p95 of 300 queries, top 10)
/// and recall@10 of the int8 scan + re-rank of the fp16 vectors against an exact fp32 scan of the same vectors (50
/// queries). RSS is printed after the build and after the collection the app runs after its first load.
/// What it does not measure: loading the rows from Table Storage, HTTP, the model — see docs/scaling.md.
/// </summary>
internal static class IndexScaleBenchmark
{
    private const int CentreCount = 2_000;
    private const int Chunk = 20_000;

    public static void Run(IReadOnlyList<int> sizes)
    {
        foreach (var size in sizes)
        {
            Measure(size);
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }

    private static void Measure(int size)
    {
        var random = new Random(size);
        var textCentres = Centres(random, MiniLmTextEmbedder.Dimensions);
        var imageCentres = Centres(random, 512);
        var exactText = new float[size * MiniLmTextEmbedder.Dimensions]; // the fp32 reference, outside the index
        var rssBefore = Environment.WorkingSet;
        var started = Stopwatch.GetTimestamp();
        CatalogIndex? index = null;
        for (var start = 0; start < size; start += Chunk)
        {
            var items = new List<CatalogItem>(Chunk);
            for (var i = start; i < Math.Min(size, start + Chunk); i++)
            {
                var text = Near(textCentres[i % CentreCount], random, 0.75f);
                text.CopyTo(exactText, i * MiniLmTextEmbedder.Dimensions);
                items.Add(new CatalogItem(
                    i.ToString("x24", CultureInfo.InvariantCulture), $"item {i}", "", [$"tag{i % 50}"], $"category{i % 12}", 224, 224,
                    DateTimeOffset.UnixEpoch.AddMinutes(i),
                    [new Embedding(MiniLmTextEmbedder.ModelId, text), new Embedding(ResNetImageEmbedder.ModelId, Near(imageCentres[i % CentreCount], random, 0.75f))]));
            }

            index = index is null ? new CatalogIndex(items, "v") : index.With(items, "v");
        }

        var build = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var rss = Environment.WorkingSet;
        ImageSearch.Core.Imaging.ResidentMemory.Release(); // what the app does after its first load (CatalogIndexProvider)
        var heap = GC.GetTotalMemory(forceFullCollection: false);
        var exactBytes = (long)exactText.Length * sizeof(float);
        var rssReleased = Environment.WorkingSet;

        var queries = Enumerable.Range(0, 350).Select(_ => Near(textCentres[random.Next(CentreCount)], random, 0.6f)).ToList();
        foreach (var q in queries.Take(50))
        {
            index!.Nearest(new Embedding(MiniLmTextEmbedder.ModelId, q), 10); // warm-up (JIT tiering, page cache)
        }

        var latencies = new List<double>();
        foreach (var q in queries.Skip(50))
        {
            var t = Stopwatch.GetTimestamp();
            index!.Nearest(new Embedding(MiniLmTextEmbedder.ModelId, q), 10);
            latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        var found = 0;
        foreach (var q in queries.Take(50))
        {
            var exact = ExactTop10(exactText, q);
            var approx = index!.Nearest(new Embedding(MiniLmTextEmbedder.ModelId, q), 10)
                .Select(s => int.Parse(s.Item.Id, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            found += approx.Count(exact.Contains);
        }

        var latency = Distribution.Of(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{size,9:N0} items: build {build:0.0} s | managed heap {(heap - exactBytes) / 1048576.0:0} MiB (fp32 reference excluded) | " +
            $"RSS {(rss - exactBytes) / 1048576.0:0} MiB after the build, {(rssReleased - exactBytes) / 1048576.0:0} MiB after the release (process, reference excluded; {rssBefore / 1048576.0:0} MiB before) | " +
            $"local fp16 vector file {size * (MiniLmTextEmbedder.Dimensions + 512) * 2L / 1048576.0:0} MiB | " +
            $"text query top-10 p50 {latency.P50:0.0} ms p95 {latency.P95:0.0} ms | recall@10 vs exact fp32 {found / 500.0:0.000} | load {Machine.LoadAverage()}"));
    }

    private static HashSet<int> ExactTop10(float[] vectors, float[] query)
    {
        var d = query.Length;
        var top = new PriorityQueue<int, float>();
        for (var i = 0; i < vectors.Length / d; i++)
        {
            var score = System.Numerics.Tensors.TensorPrimitives.Dot(vectors.AsSpan(i * d, d), query);
            top.Enqueue(i, score);
            if (top.Count > 10)
            {
                top.Dequeue();
            }
        }

        return [.. top.UnorderedItems.Select(x => x.Element)];
    }

    private static float[][] Centres(Random random, int dimensions) =>
        [.. Enumerable.Range(0, CentreCount).Select(_ => Unit([.. Enumerable.Range(0, dimensions).Select(_ => Gaussian(random))]))];

    // centre · result ≈ similarity: the noise is scaled so the two are that close in cosine.
    private static float[] Near(float[] centre, Random random, float similarity)
    {
        var noise = Unit([.. Enumerable.Range(0, centre.Length).Select(_ => Gaussian(random))]);
        var spread = MathF.Sqrt((1 - (similarity * similarity)) / (similarity * similarity));
        return Unit([.. centre.Select((c, k) => c + (spread * noise[k]))]);
    }

    private static float[] Unit(float[] v)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
        return [.. v.Select(x => x / norm)];
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
