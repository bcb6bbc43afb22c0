using System.ComponentModel.DataAnnotations;

namespace ImageSearch.Core.Catalog;

/// <summary>Section "Catalog".</summary>
public sealed class CatalogOptions
{
    public const string SectionName = "Catalog";

    /// <summary>How often an instance checks storage for a newer catalog version.</summary>
    [Range(1, 3600)]
    public int RefreshSeconds { get; set; } = 15;
}
