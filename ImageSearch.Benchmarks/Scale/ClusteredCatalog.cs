using System.Globalization;
using System.Numerics.Tensors;
using System.Security.Cryptography;
using ImageSearch.Benchmarks.Infrastructure;
using ImageSearch.Benchmarks.Query;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Models.Embedded;

namespace ImageSearch.Benchmarks.Scale;

/// <summary>
/// Synthetic catalog items with realistic vectors, reproducibly: 2,000 cluster centres, each a real MiniLM vector of a
/// short text about a demo photo ("vintage koala. A koala. in the snow.") and a real ResNet18 vector of that photo
/// (jittered per centre); every item is its centre plus Gaussian noise, cosine ≈ 0.75 to it (as index-scale), with a
/// text of the centre's photo. Real query texts therefore land near the clusters they describe, as on a real catalog.
/// Item i is the same on every run (seeded by i's chunk); ids are content-hash-like (spread over the 16 partitions).
/// </summary>
internal sealed class ClusteredCatalog
{
    public const int CentreCount = 2_000;
    public const float Similarity = 0.75f;
    public const int Chunk = 3_200;

    private readonly IReadOnlyList<DemoStamp> _stamps;
    private readonly float[][] _textCentres;
    private readonly float[][] _imageCentres;
    private readonly int[] _centreStamp;

    private ClusteredCatalog(IReadOnlyList<DemoStamp> stamps, float[][] textCentres, float[][] imageCentres, int[] centreStamp)
    {
        (_stamps, _textCentres, _imageCentres, _centreStamp) = (stamps, textCentres, imageCentres, centreStamp);
    }

    public static ClusteredCatalog Create(IReadOnlyList<DemoStamp> stamps)
    {
        var random = new Random(2_000);
        var centreStamp = Enumerable.Range(0, CentreCount).Select(c => c % stamps.Count).ToArray();
        var texts = centreStamp.Select(s => Text(stamps[s], random)).Select(t => CatalogItem.IndexText(t.Title, t.Description, t.Tags)).ToList();
        float[][] textCentres;
        using (var miniLm = Models.MiniLm())
        {
            textCentres = [.. texts.Chunk(64).SelectMany(chunk => miniLm.EmbedAsync([.. chunk], CancellationToken.None).GetAwaiter().GetResult()).Select(e => e.Vector)];
        }

        var photos = new float[stamps.Count][];
        var normalizer = TestNormalizers.Create();
        using (var resNet = Models.ResNet())
        {
            for (var s = 0; s < stamps.Count; s++)
            {
                using var pixels = normalizer.Decode(File.ReadAllBytes(stamps[s].Path), CancellationToken.None);
                photos[s] = resNet.EmbedAsync([pixels], CancellationToken.None).GetAwaiter().GetResult()[0].Vector;
            }
        }

        var imageCentres = centreStamp.Select(s => Near(photos[s], random, 0.9f)).ToArray();
        return new ClusteredCatalog(stamps, textCentres, imageCentres, centreStamp);
    }

    /// <summary>Item i's id (24 hex digits of SHA-256 of i, like the content-hash ids of imports).</summary>
    public static string Id(int i) => Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(i)))[..24];

    /// <summary>Items [start, start + count), each its centre's texts and vectors near its centre's.</summary>
    public List<CatalogItem> Items(int start, int count)
    {
        var random = new Random(start + 7919); // HashCode.Combine would differ per process
        var items = new List<CatalogItem>(count);
        for (var i = start; i < start + count; i++)
        {
            var centre = random.Next(CentreCount);
            var (title, description, tags, category) = Text(_stamps[_centreStamp[centre]], random);
            items.Add(new CatalogItem(
                Id(i), title, description, tags, category, 224, 224, DateTimeOffset.UnixEpoch.AddMinutes(i),
                [
                    new Embedding(MiniLmTextEmbedder.ModelId, Near(_textCentres[centre], random, Similarity)),
                    new Embedding(ResNetImageEmbedder.ModelId, Near(_imageCentres[centre], random, Similarity)),
                ]));
        }

        return items;
    }

    private static (string Title, string Description, string[] Tags, string Category) Text(DemoStamp stamp, Random random)
    {
        var adjective = QueryTexts.Adjectives[random.Next(QueryTexts.Adjectives.Length)];
        var setting = QueryTexts.Settings[random.Next(QueryTexts.Settings.Length)];
        var tags = stamp.Tags.Split(',', StringSplitOptions.RemoveEmptyEntries);
        return ($"{adjective} {stamp.Title}", $"{stamp.Description} {setting}.", [.. tags, adjective], stamp.Category);
    }

    /// <summary>A unit vector whose cosine to <paramref name="centre"/> (unit) is about <paramref name="similarity"/>.</summary>
    private static float[] Near(float[] centre, Random random, float similarity)
    {
        var noise = new float[centre.Length];
        for (var d = 0; d < noise.Length; d++)
        {
            noise[d] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        var unitCentre = Unit(centre);
        var spread = MathF.Sqrt((1 - (similarity * similarity)) / (similarity * similarity)) / TensorPrimitives.Norm(noise);
        TensorPrimitives.MultiplyAdd(noise, spread, unitCentre, noise);
        return Unit(noise);
    }

    private static float[] Unit(float[] vector)
    {
        var result = new float[vector.Length];
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), result);
        return result;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{CentreCount} centres over {_stamps.Count} demo photos, cosine {Similarity} to the centre");
}
