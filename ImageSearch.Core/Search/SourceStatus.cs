namespace ImageSearch.Core.Search;

/// <summary>How a source did for this search: candidates returned, or why it could not answer.</summary>
public sealed record SourceStatus(string Name, bool Ok, int Candidates, string? Error = null);
