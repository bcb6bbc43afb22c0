namespace ImageSearch.Core.Embeddings;

/// <summary>
/// Whether a model-backed component (a ranking tier, a captioner, a query refiner) can be used, and why not when it cannot.
/// <see cref="Detail"/> is public (GET /api/health): it names files relative to the model folder, never server paths or
/// exception texts. <see cref="Diagnostic"/> is for the server log only: the error's own text, when there was one (paths
/// relative to the model folder as well).
/// </summary>
public sealed record ModelStatus(bool IsAvailable, string Detail, string? Diagnostic = null)
{
    public static ModelStatus Available(string detail) => new(true, detail);

    public static ModelStatus Unavailable(string reason, string? diagnostic = null) => new(false, reason, diagnostic);

    /// <summary>Available with <paramref name="detail"/> when every part is; otherwise unavailable with the parts' reasons.</summary>
    public static ModelStatus AllOf(string detail, params IEnumerable<ModelStatus> parts)
    {
        var failed = parts.Where(p => !p.IsAvailable).ToList();
        var diagnostics = failed.Select(p => p.Diagnostic).OfType<string>().Distinct().ToList();
        return failed.Count == 0
            ? Available(detail)
            : Unavailable(string.Join("; ", failed.Select(p => p.Detail).Distinct()), diagnostics.Count == 0 ? null : string.Join("; ", diagnostics));
    }
}
