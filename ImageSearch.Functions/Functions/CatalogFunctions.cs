using System.Text.RegularExpressions;
using ImageSearch.Core.Admin;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Functions.Functions;

/// <summary>Catalog images (public) and the admin import endpoint (function key in Azure and the admin key always).</summary>
public sealed partial class CatalogFunctions(CatalogStore store, CatalogImporter importer, AdminKeyValidator admin)
{
    private const long MaxUploadBytes = 11 * 1024 * 1024;

    [Function("GetCatalogImage")]
    public async Task<IActionResult> GetImage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog/{itemId}/image")] HttpRequest request,
        string itemId, CancellationToken cancellationToken)
    {
        var image = ItemIdPattern().IsMatch(itemId) ? await store.GetImageAsync(itemId, cancellationToken) : null;
        if (image is null)
        {
            throw new ImageSearchException("image-not-found", "Image not found", 404, "No catalog image has this id.");
        }

        request.HttpContext.Response.Headers.CacheControl = "public, max-age=86400, immutable";
        return new FileContentResult(image.ToArray(), "image/jpeg") { FileDownloadName = $"{itemId}.jpg" };
    }

    [Function("ImportCatalogImage")]
    public async Task<IActionResult> Import(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "admin/catalog")] HttpRequest request, CancellationToken cancellationToken)
    {
        admin.Demand(request.Headers[AdminKeyValidator.HeaderName]);
        if (!request.HasFormContentType)
        {
            throw new RequestValidationException("multipart-required", "Send multipart/form-data with an \"image\" file.", 415);
        }

        if (request.ContentLength > MaxUploadBytes)
        {
            throw new RequestValidationException("image-too-large", "The upload exceeds the size limit.", 413);
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var file = form.Files.GetFile("image") ?? throw new RequestValidationException("image-missing", "The form has no \"image\" file.");
        var metadata = CatalogMetadata.Create(form["title"], form["description"], form["tags"], form["category"]);
        await using var stream = file.OpenReadStream();
        var item = await importer.ImportAsync(stream, metadata, cancellationToken);
        return new ObjectResult(new { item.Id, item.Title, item.Description, item.Tags, item.Category, item.Width, item.Height, ImageUrl = Core.Sources.CatalogSource.ImageUrl(item.Id), Models = item.Embeddings.Select(e => e.ModelId) })
        {
            StatusCode = StatusCodes.Status201Created,
        };
    }

    [GeneratedRegex("^[0-9a-f]{24}$")]
    private static partial Regex ItemIdPattern();
}
