using ImageSearch.Core.Errors;

namespace ImageSearch.Core.Captioning;

/// <summary>Picks the best available captioner; all remain listed, with their status, for the health endpoint.</summary>
public sealed class CaptionerSelector(IEnumerable<ICaptioner> captioners)
{
    public IReadOnlyList<ICaptioner> All { get; } = [.. captioners.OrderByDescending(c => c.Priority)];

    public ICaptioner Active => All.FirstOrDefault(c => c.Status.IsAvailable)
        ?? throw new ImageSearchException("no-captioner", ErrorKind.Unavailable, "No captioner available", "No captioner could be loaded; the health endpoint says why.");

    public IEnumerable<ICaptioner> Available => All.Where(c => c.Status.IsAvailable);
}
