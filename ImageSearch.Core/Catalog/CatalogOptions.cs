using System.ComponentModel.DataAnnotations;

namespace ImageSearch.Core.Catalog;

/// <summary>Section "Catalog".</summary>
public sealed class CatalogOptions
{
    public const string SectionName = "Catalog";

    /// <summary>How often an instance checks storage for a newer catalog version.</summary>
    [Range(1, 3600)]
    public int RefreshSeconds { get; set; } = 15;

    /// <summary>How often the backfill looks for items missing a newly available tier's embeddings.</summary>
    [Range(1, 86400)]
    public int BackfillIntervalSeconds { get; set; } = 60;
}
