using ImageSearch.Core.Ranking;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// When a tier becomes available after items were imported (the CLIP files were downloaded later), embeds those items
/// from their stored JPEGs in the background, a batch per round. Until every item is covered the tier does not rank
/// (<see cref="RankingTierSelector.ActiveFor"/>), so results never mix items with and without its embeddings.
/// </summary>
public sealed partial class CatalogBackfill(
    RankingTierSelector tiers, CatalogIndexProvider index, CatalogStore store, TimeProvider clock,
    IOptions<CatalogOptions> options, ILogger<CatalogBackfill> logger) : BackgroundService
{
    private const int BatchSize = 64;

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
        foreach (var tier in tiers.Available)
        {
            var missing = catalog.Items.Where(i => i.Embeddings.All(e => e.ModelId != tier.QueryModelId)).Take(BatchSize - done).ToList();
            foreach (var item in missing)
            {
                if (await store.GetImageAsync(item.Id, cancellationToken) is not { } jpeg)
                {
                    continue;
                }

                using var image = Image.Load<Rgb24>(jpeg.ToArray());
                var added = await tier.EmbedItemAsync(CatalogItem.IndexText(item.Title, item.Description, item.Tags), image, cancellationToken);
                var merged = item.Embeddings.Where(e => added.All(a => a.ModelId != e.ModelId)).Concat(added).ToList();
                await store.SaveRowAsync(item with { Embeddings = merged }, cancellationToken);
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
            index.Invalidate();
        }

        return done;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfilled {Count} catalog items for tier {Tier}")]
    private partial void LogBackfilled(int count, string tier);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog backfill round failed; retrying later")]
    private partial void LogFailed(Exception exception);
}
