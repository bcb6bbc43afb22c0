using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Storage;

/// <summary>
/// The storage service clients of the app, built once from <see cref="StorageOptions"/>. Any <see cref="HttpPipelinePolicy"/>
/// registered in the container joins every client's pipeline (per call).
/// </summary>
public sealed class StorageClients
{
    public StorageClients(IOptions<StorageOptions> options, IEnumerable<HttpPipelinePolicy>? policies = null)
    {
        var settings = options.Value;
        // Bounded retries and network time, so an outage fails a request within seconds (503), not after minutes.
        var blobOptions = new BlobClientOptions();
        var tableOptions = new TableClientOptions();
        foreach (var retry in new[] { blobOptions.Retry, tableOptions.Retry })
        {
            retry.MaxRetries = settings.MaxRetries;
            retry.NetworkTimeout = TimeSpan.FromSeconds(settings.NetworkTimeoutSeconds);
        }

        foreach (var policy in policies ?? [])
        {
            blobOptions.AddPolicy(policy, HttpPipelinePosition.PerCall);
            tableOptions.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }

        if (settings.UsesConnectionString)
        {
            Blobs = new BlobServiceClient(settings.ConnectionString, blobOptions);
            Tables = new TableServiceClient(settings.ConnectionString, tableOptions);
        }
        else
        {
            // Azure: the app's managed identity (DefaultAzureCredential also covers `az login` on a developer machine).
            var credential = new DefaultAzureCredential();
            Blobs = new BlobServiceClient(settings.BlobServiceUri, credential, blobOptions);
            Tables = new TableServiceClient(settings.TableServiceUri, credential, tableOptions);
        }

        Sessions = Tables.GetTableClient(settings.SessionsTable);
        Catalog = Tables.GetTableClient(settings.CatalogTable);
        Embeddings = Tables.GetTableClient(settings.EmbeddingCacheTable);
        CatalogImages = Blobs.GetBlobContainerClient(settings.CatalogContainer);
    }

    public BlobServiceClient Blobs { get; }

    public TableServiceClient Tables { get; }

    public TableClient Sessions { get; }

    public TableClient Catalog { get; }

    public TableClient Embeddings { get; }

    public BlobContainerClient CatalogImages { get; }

    /// <summary>Creates the tables and the catalog container if they do not exist yet.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await Sessions.CreateIfNotExistsAsync(cancellationToken);
        await Catalog.CreateIfNotExistsAsync(cancellationToken);
        await Embeddings.CreateIfNotExistsAsync(cancellationToken);
        await CatalogImages.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }
}
