using Azure.Storage.Blobs;
using ImageSearch.Core.Storage;

namespace ImageSearch.Core.Sessions;

/// <summary>The blob container of one session, holding its uploads and cached result images.</summary>
public sealed class SessionImages(StorageClients storage)
{
    public BlobContainerClient ContainerOf(string sessionId) =>
        storage.Blobs.GetBlobContainerClient(SessionId.ContainerName(SessionId.StorageKey(sessionId)));

    public async Task DeleteAllAsync(string sessionId, CancellationToken cancellationToken)
    {
        var container = ContainerOf(sessionId);
        if (!await container.ExistsAsync(cancellationToken))
        {
            return;
        }

        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
        }
    }
}
