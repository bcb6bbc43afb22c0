using System.Diagnostics;
using System.Globalization;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Models.Embedded;

namespace ImageSearch.Benchmarks.Query;

/// <summary>
/// 10,000 catalog items grown from the demo photos. Text: every item's own title/description variant ("a vintage koala",
/// "A koala. in the snow") embedded by the real MiniLM. Image: the real ResNet18 vector of the source photo for the first
/// copy, and for the other copies that vector plus Gaussian noise (cosine about 0.9 to it) — not real pictures, but
/// vectors of the same distribution; the exact scan costs the same for any values. Cached in .artifacts/bench/.
/// </summary>
internal static class SyntheticCatalog
{
    private const int FormatVersion = 1;

    public static IReadOnlyList<CatalogItem> LoadOrBuild(int size, MiniLmTextEmbedder text, ResNetImageEmbedder image)
    {
        var stamps = DemoStamp.All();
        var cache = Path.Combine(RepoPaths.Root, ".artifacts", "bench", $"catalog-{size}-{stamps.Count}-v{FormatVersion}.bin");
        if (File.Exists(cache))
        {
            return CatalogCache.Read(cache);
        }

        Console.WriteLine($"Building the {size}-item catalog (cached afterwards in {cache})...");
        var started = Stopwatch.GetTimestamp();
        var random = new Random(20240611);
        var variants = Enumerable.Range(0, size).Select(i => Variant(stamps[i % stamps.Count], i / stamps.Count, random)).ToList();

        var textVectors = new List<Embedding>(size);
        foreach (var chunk in variants.Chunk(256))
        {
            textVectors.AddRange(text.EmbedAsync(chunk.Select(v => CatalogItem.IndexText(v.Title, v.Description, v.Tags)).ToList(), CancellationToken.None)
                .GetAwaiter().GetResult());
        }

        Console.WriteLine($"  MiniLM: {size} texts after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        var normalizer = TestNormalizers.Create();
        var imageVectors = new float[stamps.Count][];
        for (var s = 0; s < Math.Min(size, stamps.Count); s++)
        {
            using var pixels = normalizer.Decode(File.ReadAllBytes(stamps[s].Path), CancellationToken.None);
            imageVectors[s] = image.EmbedAsync([pixels], CancellationToken.None).GetAwaiter().GetResult()[0].Vector;
        }

        Console.WriteLine($"  ResNet18: {Math.Min(size, stamps.Count)} photos after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        var items = new List<CatalogItem>(size);
        for (var i = 0; i < size; i++)
        {
            var source = imageVectors[i % stamps.Count];
            var vector = i < stamps.Count ? source : Jitter(source, 0.0214, random);
            var v = variants[i];
            items.Add(new CatalogItem(
                i.ToString("x24", CultureInfo.InvariantCulture), v.Title, v.Description, v.Tags, v.Category, 224, 224,
                DateTimeOffset.UnixEpoch, [textVectors[i], new Embedding(ResNetImageEmbedder.ModelId, vector)]));
        }

        CatalogCache.Write(cache, items);
        Console.WriteLine($"  built in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        return items;
    }

    private static (string Title, string Description, string[] Tags, string Category) Variant(DemoStamp stamp, int copy, Random random)
    {
        var tags = stamp.Tags.Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (copy == 0)
        {
            return (stamp.Title, stamp.Description, tags, stamp.Category);
        }

        var adjective = QueryTexts.Adjectives[random.Next(QueryTexts.Adjectives.Length)];
        var setting = QueryTexts.Settings[random.Next(QueryTexts.Settings.Length)];
        return (random.Next(2) == 0 ? $"{adjective} {stamp.Title}" : $"{stamp.Title} {copy}", $"{stamp.Description} {setting}.", [.. tags, adjective], stamp.Category);
    }

    /// <summary>Unit vector near <paramref name="vector"/>: per-dimension noise N(0, sigma²); sigma 0.0214 in 512-d gives cosine ≈ 0.9.</summary>
    private static float[] Jitter(float[] vector, double sigma, Random random)
    {
        var result = new float[vector.Length];
        for (var d = 0; d < result.Length; d++)
        {
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            result[d] = vector[d] + (float)(sigma * gaussian);
        }

        return VectorMath.Normalize(result);
    }
}
