namespace ImageSearch.Core.Sources;

/// <summary>A source could not answer (rate limited, circuit open, network down); the search continues without it.</summary>
public sealed class SourceUnavailableException(string source, string reason, Exception? inner = null)
    : Exception($"Source {source} unavailable: {reason}", inner)
{
    public string SourceName { get; } = source;

    public string Reason { get; } = reason;
}
