namespace ImageSearch.Core.Search;

/// <summary>The duration of one pipeline stage (reported in the Server-Timing header).</summary>
public sealed record StageTiming(string Stage, double Milliseconds);
