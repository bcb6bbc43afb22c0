namespace ImageSearch.Core.Sessions;

/// <summary>How the results kept above the cut are ordered.</summary>
public enum ResultOrder
{
    /// <summary>Best score first (equal scores: the order the sources proposed them).</summary>
    Relevance = 0,

    /// <summary>Latest import first; images without an import date (web results) last, by relevance.</summary>
    Newest = 1,

    /// <summary>Earliest import first; images without an import date (web results) last, by relevance.</summary>
    Oldest = 2,
}
