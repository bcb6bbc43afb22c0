using System.ComponentModel.DataAnnotations;
using ImageSearch.Core.Sources;

namespace ImageSearch.Core.Search;

/// <summary>Section "Search".</summary>
public sealed class SearchOptions
{
    public const string SectionName = "Search";

    [Range(1, 100)]
    public int DefaultTop { get; set; } = 10;

    [Range(1, 500)]
    public int DefaultCandidates { get; set; } = 20;

    [Range(1, 100)]
    public int MaxTop { get; set; } = 50;

    [Range(1, 1000)]
    public int MaxCandidates { get; set; } = 200;

    [Range(1, 10_000)]
    public int MaxQueryLength { get; set; } = 500;

    /// <summary>
    /// Web result images a session keeps for their download links: after a search past it, the oldest that are not among
    /// the results just shown are deleted (their links answer 404), so a long session's storage stays bounded.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxStoredWebImagesPerSession { get; set; } = 200;

    /// <summary>Image sources, comma-separated: "catalog", "duckduckgo" or "catalog,duckduckgo".</summary>
    [SourceList]
    public string Sources { get; set; } = SourceSelection.Default;
}
