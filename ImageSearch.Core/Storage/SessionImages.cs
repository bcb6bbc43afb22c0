using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs.Models;

namespace ImageSearch.Core.Storage;

/// <summary>
/// The one owner of a session's blobs: one container per session, named from its storage key (never the id), holding
/// <c>uploads/{id}.jpg</c> (the session's images) and <c>results/{id}.jpg</c> (web results shown through download links).
/// </summary>
public sealed class SessionImages(JpegBlobs blobs)
{
    private const string ContainerPrefix = "s-";

    /// <summary>The container of the session whose storage key is <paramref name="storageKey"/>.</summary>
    public static string ContainerName(string storageKey) => ContainerPrefix + storageKey[..48];

    public static string ContainerOf(string sessionId) => ContainerName(SessionId.StorageKey(sessionId));

    public static string UploadBlob(string uploadId) => $"uploads/{uploadId}.jpg";

    public static string ResultBlob(string resultId) => $"results/{resultId}.jpg";

    public Task SaveUploadAsync(string sessionId, string uploadId, byte[] jpeg, CancellationToken cancellationToken) =>
        blobs.WriteAsync(ContainerOf(sessionId), UploadBlob(uploadId), jpeg, createContainer: true, cancellationToken);

    public Task<BinaryData?> ReadUploadAsync(string sessionId, string uploadId, CancellationToken cancellationToken) =>
        blobs.ReadAsync(ContainerOf(sessionId), UploadBlob(uploadId), cancellationToken);

    public Task DeleteUploadAsync(string sessionId, string uploadId, CancellationToken cancellationToken) =>
        blobs.DeleteAsync(ContainerOf(sessionId), UploadBlob(uploadId), cancellationToken);

    /// <summary>Keeps a web result's clean JPEG in the session (for its download link); idempotent.</summary>
    public Task SaveResultAsync(string sessionId, string resultId, byte[] jpeg, CancellationToken cancellationToken) =>
        blobs.WriteAsync(ContainerOf(sessionId), ResultBlob(resultId), jpeg, createContainer: true, cancellationToken);

    /// <summary>
    /// Keeps at most <paramref name="max"/> web result images in the session: the least recently shown beyond it go, never
    /// one of <paramref name="current"/> (a result shown again is written again, which renews it).
    /// </summary>
    public async Task PruneResultsAsync(string sessionId, IReadOnlySet<string> current, int max, CancellationToken cancellationToken)
    {
        var container = blobs.Container(ContainerOf(sessionId));
        var stored = new List<(string Name, DateTimeOffset Written)>();
        try
        {
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "results/", cancellationToken))
            {
                stored.Add((blob.Name, blob.Properties.LastModified ?? DateTimeOffset.MinValue));
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return; // the session was deleted meanwhile, with its container
        }

        var currentBlobs = current.Select(ResultBlob).ToHashSet(StringComparer.Ordinal);
        foreach (var old in stored.Where(b => !currentBlobs.Contains(b.Name)).OrderBy(b => b.Written).Take(stored.Count - max))
        {
            await container.DeleteBlobIfExistsAsync(old.Name, cancellationToken: cancellationToken);
        }
    }

    /// <summary>Removes every image of the session (a reset); the container stays.</summary>
    public async Task DeleteAllAsync(string sessionId, CancellationToken cancellationToken)
    {
        var container = blobs.Container(ContainerOf(sessionId));
        if (!await container.ExistsAsync(cancellationToken))
        {
            return;
        }

        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
        }
    }

    /// <summary>Deletes the session's container with everything in it; false when there was none.</summary>
    public async Task<bool> DeleteContainerAsync(string storageKey, CancellationToken cancellationToken) =>
        (await blobs.Container(ContainerName(storageKey)).DeleteIfExistsAsync(cancellationToken: cancellationToken)).Value;

    /// <summary>Every session container there is, as the storage-key prefix it is named after (for sweeping orphans).</summary>
    public async IAsyncEnumerable<string> ContainerKeyPrefixesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var name in blobs.ContainerNamesAsync(ContainerPrefix, cancellationToken))
        {
            yield return name[ContainerPrefix.Length..];
        }
    }

    /// <summary>Deletes a container found by <see cref="ContainerKeyPrefixesAsync"/>; false when it was gone already.</summary>
    public async Task<bool> DeleteContainerByPrefixAsync(string keyPrefix, CancellationToken cancellationToken) =>
        (await blobs.Container(ContainerPrefix + keyPrefix).DeleteIfExistsAsync(cancellationToken: cancellationToken)).Value;
}
