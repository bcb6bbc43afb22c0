namespace ImageSearch.Core.Ranking;

/// <summary>Whether a tier can be used, and why not when it cannot.</summary>
public sealed record TierStatus(bool IsAvailable, string Detail)
{
    public static TierStatus Available(string detail) => new(true, detail);

    public static TierStatus Unavailable(string reason) => new(false, reason);
}
