using ImageSearch.Core.Storage;

namespace ImageSearch.Benchmarks.Infrastructure;

/// <summary>Fresh table and container names on one private Azurite, so every measured import or query starts clean.</summary>
internal static class BenchStorage
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
        };
    }

    /// <summary>The same settings as app arguments (<c>--Section:Key=value</c>).</summary>
    public static string[] AsArguments(StorageOptions storage) =>
    [
        $"--Storage:ConnectionString={storage.ConnectionString}",
        $"--Storage:SessionsTable={storage.SessionsTable}",
        $"--Storage:CatalogTable={storage.CatalogTable}",
        $"--Storage:CatalogContainer={storage.CatalogContainer}",
    ];

    /// <summary>The same settings as environment variables (<c>Section__Key</c>), as in Azure and scripts/run.sh.</summary>
    public static Dictionary<string, string> AsEnvironment(StorageOptions storage) => new()
    {
        ["Storage__ConnectionString"] = storage.ConnectionString,
        ["Storage__SessionsTable"] = storage.SessionsTable,
        ["Storage__CatalogTable"] = storage.CatalogTable,
        ["Storage__CatalogContainer"] = storage.CatalogContainer,
    };

    /// <summary>Drops the tables and the container (Azurite runs in memory: keeps it small between passes).</summary>
    public static async Task DeleteAsync(StorageOptions storage)
    {
        var clients = new StorageClients(Microsoft.Extensions.Options.Options.Create(storage));
        await clients.Sessions.DeleteAsync();
        await clients.Catalog.DeleteAsync();
        await clients.CatalogImages.DeleteIfExistsAsync();
    }
}
