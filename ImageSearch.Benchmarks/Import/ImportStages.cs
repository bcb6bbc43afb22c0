using System.Diagnostics;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Imaging;
using ImageSearch.Core.Models.Embedded;

namespace ImageSearch.Benchmarks.Import;

/// <summary>
/// The importer's steps one image after the other, each timed: normalise (decode, flatten, JPEG re-encode, hash), MiniLM,
/// ResNet preprocessing, ResNet inference, storage (blob + row + version row). "decode" (decode + flatten alone) is
/// measured in an extra call, as the part of "normalise" that is not the JPEG re-encoding.
/// </summary>
internal static class ImportStages
{
    public static readonly string[] Names = ["normalise", "(of which decode)", "MiniLM", "ResNet preprocess", "ResNet inference", "storage"];

    public static async Task<Dictionary<string, List<double>>> RunAsync(
        IReadOnlyList<(DemoStamp Stamp, byte[] Bytes)> stamps, ImageNormalizer normalizer, MiniLmTextEmbedder text,
        ResNetImageEmbedder image, CatalogStore store)
    {
        var times = Names.ToDictionary(name => name, _ => new List<double>(), StringComparer.Ordinal);
        foreach (var (stamp, bytes) in stamps)
        {
            var started = Stopwatch.GetTimestamp();
            using var normalized = await normalizer.NormalizeAsync(bytes, CancellationToken.None);
            started = Lap(times["normalise"], started);

            normalizer.Decode(bytes, CancellationToken.None).Dispose();
            started = Lap(times["(of which decode)"], started);

            var metadata = CatalogMetadata.Create(stamp.Title, stamp.Description, stamp.Tags, stamp.Category);
            var textEmbedding = (await text.EmbedAsync([CatalogItem.IndexText(metadata.Title, metadata.Description, metadata.Tags)], CancellationToken.None))[0];
            started = Lap(times["MiniLM"], started);

            var tensor = image.Preprocessor.Preprocess(normalized.Pixels);
            started = Lap(times["ResNet preprocess"], started);

            var imageEmbedding = image.EmbedPreprocessed(tensor, CancellationToken.None);
            started = Lap(times["ResNet inference"], started);

            var item = new CatalogItem(normalized.ContentHash[..24], metadata.Title, metadata.Description, metadata.Tags, metadata.Category,
                normalized.Width, normalized.Height, DateTimeOffset.UtcNow, [textEmbedding, imageEmbedding]);
            await store.SaveAsync(item, normalized.Jpeg, CancellationToken.None);
            Lap(times["storage"], started);
        }

        return times;
    }

    private static long Lap(List<double> times, long started)
    {
        var now = Stopwatch.GetTimestamp();
        times.Add(Stopwatch.GetElapsedTime(started, now).TotalMilliseconds);
        return now;
    }
}
