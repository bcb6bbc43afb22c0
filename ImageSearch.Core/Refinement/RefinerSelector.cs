using ImageSearch.Core.Errors;

namespace ImageSearch.Core.Refinement;

/// <summary>
/// Picks the best available query refiner; all remain listed, with their status, for the health endpoint. The LLM
/// rewriter falls back to the rules by itself at run time; this choice is about whether its model is loaded.
/// </summary>
public sealed class RefinerSelector(IEnumerable<IQueryRefiner> refiners)
{
    public IReadOnlyList<IQueryRefiner> All { get; } = [.. refiners.OrderByDescending(r => r.Priority)];

    public IQueryRefiner Active => All.FirstOrDefault(r => r.Status.IsAvailable)
        ?? throw new ImageSearchException("no-refiner", ErrorKind.Unavailable, "No query refiner available", "No query refiner could be loaded; the health endpoint says why.");

    public IEnumerable<IQueryRefiner> Available => All.Where(r => r.Status.IsAvailable);
}
