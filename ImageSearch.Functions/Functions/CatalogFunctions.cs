using System.Text.RegularExpressions;
using ImageSearch.Core.Admin;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Errors;
using ImageSearch.Core.Search;
using ImageSearch.Core.Sources;
using ImageSearch.Functions.Contracts;
using ImageSearch.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace ImageSearch.Functions.Functions;

/// <summary>Catalog images and facets (public) and the admin import endpoints, one image or a batch (function key in Azure and the admin key always).</summary>
public sealed partial class CatalogFunctions(
    CatalogStore store, CatalogImporter importer, CatalogIndexProvider catalog, AdminKeyValidator admin, MultipartImageReader reader,
    ApiLinks links, IOptions<SearchOptions> search, IOptions<CatalogOptions> options)
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

    [Function("GetCatalogFacets")]
    public async Task<IActionResult> GetFacets(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog/facets")] HttpRequest request, CancellationToken cancellationToken)
    {
        var facets = CatalogFacets.Of(await catalog.GetAsync(cancellationToken));
        return new OkObjectResult(CatalogFacetsView.From(facets, SourceSelection.Parse(search.Value.Sources)));
    }

    [Function("ImportCatalogImage")]
    public async Task<IActionResult> Import(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "catalog/items")] HttpRequest request, CancellationToken cancellationToken)
    {
        admin.Demand(request.Headers[AdminKeyHeader]);
        var form = await reader.ReadAsync(request, "image", cancellationToken);
        var item = await importer.ImportAsync(Input(form), cancellationToken);
        return new ObjectResult(CatalogItemView.From(item, links))
        {
            StatusCode = StatusCodes.Status201Created,
        };
    }

    [Function("ImportCatalogBatch")]
    public async Task<IActionResult> ImportBatch(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "catalog/batches")] HttpRequest request, CancellationToken cancellationToken)
    {
        admin.Demand(request.Headers[AdminKeyHeader]);
        var limits = options.Value;
        var form = await reader.ReadBatchAsync(request, limits.MaxBatchImages, limits.MaxBatchMegabytes * 1024L * 1024L, cancellationToken);
        var outcomes = await importer.ImportAsync([.. form.Select(f => Input(f.Image))], cancellationToken);
        return new OkObjectResult(CatalogBatchView.From([.. form.Select((f, i) => (f.Index, outcomes[i]))], links));
    }

    private static CatalogImportInput Input(MultipartImage form) =>
        new(form.Content, form.Field("title"), form.Field("description"), form.Field("tags"), form.Field("category"));

    [GeneratedRegex("^[0-9a-f]{24}$")]
    private static partial Regex ItemIdPattern();
}
