using System.ComponentModel.DataAnnotations;

namespace ImageSearch.Core.Storage;

/// <summary>
/// Where sessions, session images and the catalog live. Section "Storage". Locally a connection string (Azurite:
/// "UseDevelopmentStorage=true"); in Azure the two service URIs, reached with the app's managed identity.
/// </summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string SectionName = "Storage";

    public string ConnectionString { get; set; } = "";

    public Uri? BlobServiceUri { get; set; }

    public Uri? TableServiceUri { get; set; }

    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string SessionsTable { get; set; } = "sessions";

    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string CatalogTable { get; set; } = "catalog";

    [Required, RegularExpression("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$")]
    public string CatalogContainer { get; set; } = "catalog";

    /// <summary>Web image cache: image URL (its SHA-256) → content hash, title, page URL or a recent refusal.</summary>
    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string WebCacheTable { get; set; } = "webcache";

    /// <summary>Web image cache: the clean JPEGs, named by content hash.</summary>
    [Required, RegularExpression("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$")]
    public string WebCacheContainer { get; set; } = "webcache";

    /// <summary>Embeddings by (model id, content hash), so an image is embedded once per model.</summary>
    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string EmbeddingCacheTable { get; set; } = "embeddingcache";

    /// <summary>Retries of one storage call (the Azure SDK's exponential back-off) before it fails.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>How long one storage call may wait for the network before it counts as failed.</summary>
    [Range(1, 300)]
    public int NetworkTimeoutSeconds { get; set; } = 3;

    public bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!UsesConnectionString && (BlobServiceUri is null || TableServiceUri is null))
        {
            yield return new ValidationResult(
                "Set Storage__ConnectionString (Azurite, local) or both Storage__BlobServiceUri and Storage__TableServiceUri (managed identity).",
                [nameof(ConnectionString), nameof(BlobServiceUri), nameof(TableServiceUri)]);
        }
    }
}
