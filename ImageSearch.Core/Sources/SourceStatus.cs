namespace ImageSearch.Core.Sources;

/// <summary>How one source did in a search; part of the response so a missing source is visible, never silent.</summary>
public sealed record SourceStatus(string Name, bool Available, int Candidates, string? Reason);
