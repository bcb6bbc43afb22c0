using ImageSearch.Core.Sources;

namespace ImageSearch.Functions.Contracts;

/// <summary>How one source did in a search, so a missing source is visible, never silent.</summary>
public sealed record SourceView(string Name, bool Available, int Candidates, string? Reason)
{
    public static SourceView From(SourceStatus status) => new(status.Name, status.Available, status.Candidates, status.Reason);
}
