using System.Text.RegularExpressions;
using ImageSearch.Core.Admin;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Errors;
using ImageSearch.Functions.Contracts;
using ImageSearch.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Functions.Functions;

/// <summary>Catalog images (public) and the admin import endpoint (function key in Azure and the admin key always).</summary>
public sealed partial class CatalogFunctions(
    CatalogStore store, CatalogImporter importer, AdminKeyValidator admin, MultipartImageReader reader, ApiLinks links)
{
    public const string AdminKeyHeader = "X-Admin-Key";

    [Function("GetCatalogImage")]
    public async Task<IActionResult> GetImage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog/{itemId}/image")] HttpRequest request,
        string itemId, CancellationToken cancellationToken)
    {
        var image = ItemIdPattern().IsMatch(itemId) ? await store.GetImageAsync(itemId, cancellationToken) : null;
        if (image is null)
        {
            throw new ImageSearchException("image-not-found", ErrorKind.NotFound, "Image not found", "No catalog image has this id.");
        }

        request.HttpContext.Response.Headers.CacheControl = "public, max-age=86400, immutable";
        return new FileContentResult(image.ToArray(), "image/jpeg") { FileDownloadName = $"{itemId}.jpg" };
    }

    [Function("ImportCatalogImage")]
    public async Task<IActionResult> Import(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "catalog/items")] HttpRequest request, CancellationToken cancellationToken)
    {
        admin.Demand(request.Headers[AdminKeyHeader]);
        var form = await reader.ReadAsync(request, "image", cancellationToken);
        var metadata = CatalogMetadata.Create(form.Field("title"), form.Field("description"), form.Field("tags"), form.Field("category"));
        using var stream = new MemoryStream(form.Content, writable: false);
        var item = await importer.ImportAsync(stream, metadata, cancellationToken);
        return new ObjectResult(CatalogItemView.From(item, links))
        {
            StatusCode = StatusCodes.Status201Created,
        };
    }

    [GeneratedRegex("^[0-9a-f]{24}$")]
    private static partial Regex ItemIdPattern();
}
