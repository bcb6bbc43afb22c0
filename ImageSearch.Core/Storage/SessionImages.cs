using Azure.Storage.Blobs;
using ImageSearch.Core.Storage;

namespace ImageSearch.Core.Sessions;

/// <summary>The blob container of one session, holding its uploads and cached result images.</summary>
public sealed class SessionImages(StorageClients storage)
{
    public BlobContainerClient ContainerOf(string sessionId) =>
        storage.Blobs.GetBlobContainerClient(SessionId.ContainerName(SessionId.StorageKey(sessionId)));

    public const string ResultsFolder = "results/";

    /// <summary>Keeps a web result's clean JPEG in the session (for its download link); idempotent.</summary>
    public async Task SaveResultAsync(string sessionId, string resultId, byte[] jpeg, CancellationToken cancellationToken)
    {
        var container = ContainerOf(sessionId);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var blob = container.GetBlobClient(ResultsFolder + resultId + ".jpg");
        await blob.UploadAsync(new BinaryData(jpeg), new Azure.Storage.Blobs.Models.BlobUploadOptions
        {
            HttpHeaders = new Azure.Storage.Blobs.Models.BlobHttpHeaders { ContentType = "image/jpeg" },
        }, cancellationToken);
    }

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
