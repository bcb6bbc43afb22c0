using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ImageSearch.Core.Fetching;
using ImageSearch.Core.Storage;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Sources.Web;

/// <summary>
/// <see cref="IWebImageCache"/> on Table and Blob Storage. Table <see cref="StorageOptions.WebCacheTable"/>: one row per
/// image URL, keyed by the URL's SHA-256 (the URL itself is not stored: queries of strangers' URLs can carry tokens).
/// Container <see cref="StorageOptions.WebCacheContainer"/>: the clean JPEGs as <c>{contentHash}.jpg</c>, written once.
/// A JPEG whose hash does not match its name is treated as a miss. Both are created on first write.
/// </summary>
public sealed class TableWebImageCache(
    StorageClients storage, IOptions<StorageOptions> storageOptions, IOptions<WebCacheOptions> options, TimeProvider time)
    : IWebImageCache
{
    private readonly TableClient _table = storage.Tables.GetTableClient(storageOptions.Value.WebCacheTable);
    private readonly BlobContainerClient _images = storage.Blobs.GetBlobContainerClient(storageOptions.Value.WebCacheContainer);

    public static string UrlKey(Uri url) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url.AbsoluteUri)));

    public async Task<WebCacheLookup> GetAsync(Uri imageUrl, CancellationToken cancellationToken)
    {
        var key = UrlKey(imageUrl);
        NullableResponse<TableEntity> row;
        try
        {
            row = await _table.GetEntityIfExistsAsync<TableEntity>(key[..2], key, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return WebCacheLookup.Miss; // the table does not exist yet
        }

        if (!row.HasValue || row.Value is not { } entity || entity.GetDateTimeOffset("FetchedAt") is not { } fetchedAt)
        {
            return WebCacheLookup.Miss;
        }

        var age = time.GetUtcNow() - fetchedAt;
        if (entity.GetString("Rejection") is { } rejection)
        {
            return age < TimeSpan.FromMinutes(options.Value.RejectionTtlMinutes) && Enum.TryParse<FetchRejection>(rejection, out var reason)
                ? new WebCacheLookup(null, reason)
                : WebCacheLookup.Miss;
        }

        if (age >= TimeSpan.FromHours(options.Value.TtlHours) || entity.GetString("ContentHash") is not { Length: 64 } hash)
        {
            return WebCacheLookup.Miss;
        }

        var jpeg = await ReadJpegAsync(hash, cancellationToken);
        return jpeg is null
            ? WebCacheLookup.Miss
            : new WebCacheLookup(new CachedWebImage(hash, jpeg, entity.GetString("Title") ?? "", entity.GetString("PageUrl")), null);
    }

    public async Task SetAsync(Uri imageUrl, CachedWebImage image, CancellationToken cancellationToken)
    {
        var blob = _images.GetBlobClient(BlobName(image.ContentHash));
        var upload = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "image/jpeg" },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            await StorageWrites.CreatingOnNotFoundAsync(
                () => blob.UploadAsync(BinaryData.FromBytes(image.Jpeg), upload, cancellationToken),
                () => _images.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Content-addressed: the same JPEG is already there.
        }

        var row = Row(imageUrl);
        row["ContentHash"] = image.ContentHash;
        row["Title"] = image.Title;
        row["PageUrl"] = image.PageUrl;
        await UpsertAsync(row, cancellationToken);
    }

    public async Task SetRejectedAsync(Uri imageUrl, FetchRejection reason, CancellationToken cancellationToken)
    {
        var row = Row(imageUrl);
        row["Rejection"] = reason.ToString();
        await UpsertAsync(row, cancellationToken);
    }

    private TableEntity Row(Uri imageUrl)
    {
        var key = UrlKey(imageUrl);
        return new TableEntity(key[..2], key) { ["FetchedAt"] = time.GetUtcNow() };
    }

    private Task UpsertAsync(TableEntity row, CancellationToken cancellationToken) =>
        StorageWrites.CreatingOnNotFoundAsync(
            () => _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken),
            () => _table.CreateIfNotExistsAsync(cancellationToken));

    private async Task<byte[]?> ReadJpegAsync(string hash, CancellationToken cancellationToken)
    {
        try
        {
            var content = await _images.GetBlobClient(BlobName(hash)).DownloadContentAsync(cancellationToken);
            var bytes = content.Value.Content.ToArray();
            return Convert.ToHexStringLower(SHA256.HashData(bytes)) == hash ? bytes : null;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private static string BlobName(string contentHash) => contentHash + ".jpg";
}
