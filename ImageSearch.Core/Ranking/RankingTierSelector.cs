using ImageSearch.Core.Errors;

namespace ImageSearch.Core.Ranking;

/// <summary>
/// Picks the tier that ranks: the highest-priority tier that is available and whose embeddings cover the whole catalog
/// (a tier added later ranks once the catalog backfill has embedded every item). All tiers stay listed for health.
/// </summary>
public sealed class RankingTierSelector(IEnumerable<IRankingTier> tiers)
{
    public IReadOnlyList<IRankingTier> All { get; } = [.. tiers.OrderByDescending(t => t.Priority)];

    public IEnumerable<IRankingTier> Available => All.Where(t => t.Status.IsAvailable);

    /// <param name="covers">Whether every catalog item carries an embedding of the given model.</param>
    public IRankingTier ActiveFor(Func<string, bool> covers) =>
        Available.FirstOrDefault(t => covers(t.QueryModelId))
        ?? Available.LastOrDefault()
        ?? throw new ImageSearchException("no-ranking-model", ErrorKind.Unavailable, "No ranking model available", "No ranking tier could be loaded; the health endpoint says why.");
}
