using System.ComponentModel.DataAnnotations;

namespace ImageSearch.Core.Storage;

/// <summary>Where sessions, session images and the catalog live. Section "Storage".</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>A storage connection string (Azurite locally: "UseDevelopmentStorage=true").</summary>
    [Required]
    public string ConnectionString { get; set; } = "";

    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string SessionsTable { get; set; } = "sessions";

    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string CatalogTable { get; set; } = "catalog";

    [Required, RegularExpression("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$")]
    public string CatalogContainer { get; set; } = "catalog";
}
