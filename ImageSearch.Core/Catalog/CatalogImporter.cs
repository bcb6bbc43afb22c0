using System.Diagnostics;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Imaging;
using ImageSearch.Core.Ranking;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// Imports one image into the catalog: decodes it under the upload limits, flattens it onto white, re-encodes a clean
/// JPEG, embeds it with every available tier (once, here — never per query) and stores image and row.
/// The item id is derived from the JPEG's content hash, so importing the same image again updates it in place.
/// </summary>
public sealed partial class CatalogImporter(
    ImageNormalizer normalizer,
    DecodeGate decodeGate,
    RankingTierSelector tiers,
    CatalogStore store,
    CatalogIndexProvider index,
    TimeProvider clock,
    ILogger<CatalogImporter> logger)
{
    public async Task<CatalogItem> ImportAsync(Stream image, CatalogMetadata metadata, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var slot = await decodeGate.EnterAsync(cancellationToken); // held while the pixels live (embedding)
        using var decoded = await normalizer.NormalizeAsync(image, cancellationToken);
        var text = CatalogItem.IndexText(metadata.Title, metadata.Description, metadata.Tags);

        var embeddings = new List<Embedding>();
        foreach (var tier in tiers.Available)
        {
            embeddings.AddRange(await tier.EmbedItemAsync(text, decoded.Pixels, cancellationToken));
        }

        var item = new CatalogItem(
            decoded.ContentHash[..24], metadata.Title, metadata.Description, metadata.Tags, metadata.Category,
            decoded.Width, decoded.Height, clock.GetUtcNow(), embeddings);
        var etag = await store.SaveAsync(item, decoded.Jpeg, cancellationToken);
        await index.ApplyAsync([new CatalogRow(item, item.ImportedAt, etag)], cancellationToken);
        LogImported(item.Id, item.Title, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return item;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported catalog item {ItemId} ({Title}) in {ElapsedMs} ms")]
    private partial void LogImported(string itemId, string title, double elapsedMs);
}
