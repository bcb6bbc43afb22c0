namespace ImageSearch.Core.Embeddings;

/// <summary>
/// Whether a model-backed component (a ranking tier, a captioner, a query refiner) can be used, and why not when it cannot.
/// A reason names files relative to the model folder, never server paths.
/// </summary>
public sealed record ModelStatus(bool IsAvailable, string Detail)
{
    public static ModelStatus Available(string detail) => new(true, detail);

    public static ModelStatus Unavailable(string reason) => new(false, reason);

    /// <summary>Available with <paramref name="detail"/> when every part is; otherwise unavailable with the parts' reasons.</summary>
    public static ModelStatus AllOf(string detail, params IEnumerable<ModelStatus> parts)
    {
        var reasons = parts.Where(p => !p.IsAvailable).Select(p => p.Detail).Distinct().ToList();
        return reasons.Count == 0 ? Available(detail) : Unavailable(string.Join("; ", reasons));
    }
}
