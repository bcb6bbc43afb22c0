using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ImageSearch.Core.Storage;

/// <summary>Clean JPEGs in blob containers: written with their content type, read back whole (null when absent).</summary>
public sealed class JpegBlobs(StorageClients storage)
{
    public BlobContainerClient Container(string name) => storage.Blobs.GetBlobContainerClient(name);

    /// <summary>Writes (or overwrites) a JPEG; <paramref name="createContainer"/> first creates its container if needed.</summary>
    public async Task WriteAsync(string container, string blob, byte[] jpeg, bool createContainer, CancellationToken cancellationToken)
    {
        var client = Container(container);
        if (createContainer)
        {
            await client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        await client.GetBlobClient(blob).UploadAsync(
            new BinaryData(jpeg), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "image/jpeg" } }, cancellationToken);
    }

    /// <summary>The JPEG, or null when it (or its container) does not exist.</summary>
    public async Task<BinaryData?> ReadAsync(string container, string blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await Container(container).GetBlobClient(blob).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status is 404)
        {
            return null;
        }
    }

    /// <summary>Names of the containers whose names start with <paramref name="prefix"/>.</summary>
    public async IAsyncEnumerable<string> ContainerNamesAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in storage.Blobs.GetBlobContainersAsync(BlobContainerTraits.None, BlobContainerStates.None, prefix, cancellationToken))
        {
            yield return item.Name;
        }
    }

    public async Task DeleteAsync(string container, string blob, CancellationToken cancellationToken) =>
        await Container(container).DeleteBlobIfExistsAsync(blob, cancellationToken: cancellationToken);
}
