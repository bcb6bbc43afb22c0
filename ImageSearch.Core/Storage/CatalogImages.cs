using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Storage;

/// <summary>The one owner of the catalog's blobs: container <see cref="StorageOptions.CatalogContainer"/>, <c>items/{id}.jpg</c>.</summary>
public sealed class CatalogImages(JpegBlobs blobs, IOptions<StorageOptions> options)
{
    public string Container => options.Value.CatalogContainer;

    public static string Blob(string itemId) => $"items/{itemId}.jpg";

    /// <summary>Writes an item's JPEG (the container is created at start); a re-import of the same content overwrites it.</summary>
    public Task SaveAsync(string itemId, byte[] jpeg, CancellationToken cancellationToken) =>
        blobs.WriteAsync(Container, Blob(itemId), jpeg, createContainer: false, cancellationToken);

    /// <summary>The JPEG of an item, or null when there is none.</summary>
    public Task<BinaryData?> ReadAsync(string itemId, CancellationToken cancellationToken) =>
        blobs.ReadAsync(Container, Blob(itemId), cancellationToken);
}
