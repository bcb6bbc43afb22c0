using Azure;
using ImageSearch.Core.Storage;
using ImageSearch.Core.Captioning;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Ranking;
using ImageSearch.Core.Refinement;

namespace ImageSearch.Core.Health;

/// <summary>What is loaded and whether storage answers.</summary>
public sealed class HealthService(
    CatalogStore store, RankingTierSelector tiers, CatalogIndexProvider index, CaptionerSelector captioners, RefinerSelector refiners)
{
    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        string? storageError = null;
        var catalog = CatalogIndex.Empty;
        try
        {
            await store.GetVersionAsync(cancellationToken); // a real round trip, even while the index is cached
            catalog = await index.GetAsync(cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status != 0)
        {
            storageError = $"{e.Status} {e.ErrorCode}";
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && StorageOutage.IsOutage(e))
        {
            storageError = "storage cannot be reached";
        }

        var tierHealth = tiers.All.Select(t => new TierHealth(
            t.Name, t.Status.IsAvailable, t.Status.Detail, t.Models.Select(m => m.Id).ToList(),
            catalog.CountFor(t.QueryModelId))).ToList();
        var active = tiers.Available.Any() ? tiers.ActiveFor(catalog.Covers).Name : "none";
        var status = storageError is null && active != "none" ? "healthy" : "unhealthy";
        var activeCaptioner = captioners.Available.FirstOrDefault();
        var activeRefiner = refiners.Available.FirstOrDefault();
        var stages = captioners.All.Select(c => new StageHealth("captioning", c.Name, c.Status.IsAvailable, c == activeCaptioner, c.Status.Detail))
            .Concat(refiners.All.Select(r => new StageHealth("refinement", r.Name, r.Status.IsAvailable, r == activeRefiner, r.Status.Detail)))
            .ToList();
        return new HealthReport(status, storageError is null, storageError, active, catalog.Count, tierHealth, stages);
    }
}
