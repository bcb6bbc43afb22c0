using ImageSearch.Core.Storage;

namespace ImageSearch.Tests.Infrastructure;

/// <summary>
/// Storage names unique to one test (or one benchmark pass) on a private Azurite, and the same settings in each form the
/// app reads them. Shared as source with the benchmarks (ImageSearch.Benchmarks.csproj links this file).
/// </summary>
public static class TestStorage
{
    public static StorageOptions Unique(Azurite azurite)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        return new StorageOptions
        {
            ConnectionString = azurite.ConnectionString,
            SessionsTable = "sessions" + suffix,
            CatalogTable = "catalog" + suffix,
            CatalogContainer = "catalog-" + suffix,
            EmbeddingCacheTable = "embeddings" + suffix,
            WebCacheTable = "webcache" + suffix,
            WebCacheContainer = "webcache-" + suffix,
        };
    }

    /// <summary>The settings of section "Storage" as key/value pairs (keys without the section).</summary>
    public static IReadOnlyList<(string Key, string Value)> Settings(StorageOptions storage) =>
    [
        (nameof(StorageOptions.ConnectionString), storage.ConnectionString),
        (nameof(StorageOptions.SessionsTable), storage.SessionsTable),
        (nameof(StorageOptions.CatalogTable), storage.CatalogTable),
        (nameof(StorageOptions.CatalogContainer), storage.CatalogContainer),
        (nameof(StorageOptions.EmbeddingCacheTable), storage.EmbeddingCacheTable),
        (nameof(StorageOptions.WebCacheTable), storage.WebCacheTable),
        (nameof(StorageOptions.WebCacheContainer), storage.WebCacheContainer),
    ];

    /// <summary>As configuration keys (<c>Storage:Key</c>), for a service collection built in a test.</summary>
    public static Dictionary<string, string?> AsConfiguration(StorageOptions storage) =>
        Settings(storage).ToDictionary(s => $"{StorageOptions.SectionName}:{s.Key}", s => (string?)s.Value);

    /// <summary>As app arguments (<c>--Storage:Key=value</c>).</summary>
    public static string[] AsArguments(StorageOptions storage) =>
        [.. Settings(storage).Select(s => $"--{StorageOptions.SectionName}:{s.Key}={s.Value}")];

    /// <summary>As environment variables (<c>Storage__Key</c>), as in Azure and scripts/run.sh.</summary>
    public static Dictionary<string, string> AsEnvironment(StorageOptions storage) =>
        Settings(storage).ToDictionary(s => $"{StorageOptions.SectionName}__{s.Key}", s => s.Value);

    /// <summary>Drops the tables and containers (Azurite runs in memory: keeps it small between passes).</summary>
    public static async Task DeleteAsync(StorageOptions storage)
    {
        var clients = new StorageClients(Microsoft.Extensions.Options.Options.Create(storage));
        foreach (var table in new[] { storage.SessionsTable, storage.CatalogTable, storage.EmbeddingCacheTable, storage.WebCacheTable })
        {
            await clients.Tables.DeleteTableAsync(table);
        }

        foreach (var container in new[] { storage.CatalogContainer, storage.WebCacheContainer })
        {
            await clients.Blobs.GetBlobContainerClient(container).DeleteIfExistsAsync();
        }
    }
}
