using Azure;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Ranking;

namespace ImageSearch.Core.Health;

/// <summary>What is loaded and whether storage answers.</summary>
public sealed class HealthService(CatalogStore store, RankingTierSelector tiers, CatalogIndexProvider index)
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
        catch (RequestFailedException e)
        {
            storageError = $"{e.Status} {e.ErrorCode}";
        }
        catch (AggregateException e) when (e.InnerException is HttpRequestException)
        {
            storageError = e.InnerException.Message;
        }

        var tierHealth = tiers.All.Select(t => new TierHealth(
            t.Name, t.Status.IsAvailable, t.Status.Detail, t.Models.Select(m => m.Id).ToList(),
            catalog.CountFor(t.QueryModelId))).ToList();
        var active = tiers.Available.Any() ? tiers.ActiveFor(catalog).Name : "none";
        var status = storageError is null && active != "none" ? "healthy" : "unhealthy";
        return new HealthReport(status, storageError is null, storageError, active, catalog.Count, tierHealth);
    }
}
