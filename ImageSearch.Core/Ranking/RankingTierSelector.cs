using ImageSearch.Core.Errors;

namespace ImageSearch.Core.Ranking;

/// <summary>Picks the best available tier; all tiers remain listed for health and import.</summary>
public sealed class RankingTierSelector(IEnumerable<IRankingTier> tiers)
{
    public IReadOnlyList<IRankingTier> All { get; } = [.. tiers.OrderByDescending(t => t.Priority)];

    public IRankingTier Active => All.FirstOrDefault(t => t.Status.IsAvailable)
        ?? throw new ImageSearchException("no-ranking-model", "No ranking model available", 503, "No ranking tier could be loaded; see /api/health.");

    public IEnumerable<IRankingTier> Available => All.Where(t => t.Status.IsAvailable);
}
