using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Ranking;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// When a tier becomes available after items were imported (the CLIP files were downloaded later), embeds those items
/// from their stored JPEGs in the background, a batch per round, through an <see cref="EmbeddingPipeline"/> (the next
/// item is read and decoded while the current one is in the model). Until every item is covered the tier does not rank
/// (<see cref="RankingTierSelector.ActiveFor"/>), so results never mix items with and without its embeddings.
/// </summary>
public sealed partial class CatalogBackfill(
    RankingTierSelector tiers, CatalogIndexProvider index, CatalogStore store, BackgroundWorkScheduler background, TimeProvider clock,
    IOptions<CatalogOptions> options, ILogger<CatalogBackfill> logger) : BackgroundService
{
    private const int BatchSize = 64;
    private readonly EmbeddingPipelineOptions _pipeline = new(PrepareWorkers: 1, Capacity: 2, InferenceWorkers: 1, background);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.BackfillIntervalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunOnceAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }

            await Task.Delay(interval, clock, stoppingToken);
        }
    }

    /// <summary>Embeds up to one batch of items missing a tier's embeddings; returns how many were done.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var catalog = await index.GetAsync(cancellationToken);
        var done = 0;
        var saved = new List<CatalogRow>();
        foreach (var tier in tiers.Available)
        {
            var missing = catalog.MissingFor(tier.QueryModelId, BatchSize - done);
            await foreach (var (item, added) in EmbeddingPipeline.RunAsync(missing, LoadAsync, (loaded, ct) => EmbedAsync(tier, loaded, ct), _pipeline, cancellationToken))
            {
                if (added is null)
                {
                    continue; // no stored image
                }

                var merged = item.Embeddings.Where(e => added.All(a => a.ModelId != e.ModelId)).Concat(added).ToList();
                var updated = item with { Embeddings = merged };
                var write = await store.SaveRowAsync(updated, cancellationToken);
                saved.Add(new CatalogRow(updated, clock.GetUtcNow(), write.ETag, write.ChangeKey));
                done++;
            }

            if (missing.Count > 0)
            {
                LogBackfilled(missing.Count, tier.Name);
            }
        }

        if (done > 0)
        {
            await store.BumpVersionAsync(cancellationToken);
            await index.ApplyAsync(saved, cancellationToken);
        }

        return done;
    }

    private async Task<StoredImage> LoadAsync(CatalogItem item, CancellationToken cancellationToken) =>
        new(item, await store.GetImageAsync(item.Id, cancellationToken) is { } jpeg ? Image.Load<Rgb24>(jpeg.ToArray()) : null);

    private static async Task<(CatalogItem Item, IReadOnlyList<Embedding>? Added)> EmbedAsync(
        IRankingTier tier, StoredImage loaded, CancellationToken cancellationToken) =>
        (loaded.Item, loaded.Pixels is { } pixels
            ? await tier.EmbedItemAsync(CatalogItem.IndexText(loaded.Item.Title, loaded.Item.Description, loaded.Item.Tags), pixels, cancellationToken)
            : null);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfilled {Count} catalog items for tier {Tier}")]
    private partial void LogBackfilled(int count, string tier);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog backfill round failed; retrying later")]
    private partial void LogFailed(Exception exception);

    /// <summary>An item and its decoded JPEG (null when none is stored); the pipeline disposes it after inference.</summary>
    private sealed record StoredImage(CatalogItem Item, Image<Rgb24>? Pixels) : IDisposable
    {
        public void Dispose() => Pixels?.Dispose();
    }
}
