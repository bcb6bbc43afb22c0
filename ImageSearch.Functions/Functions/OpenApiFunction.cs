using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Functions.Functions;

/// <summary>
/// The API contract, <c>static-site/openapi.json</c>: embedded in this assembly at build time (one source file, published with
/// the page too) and served as it is.
/// </summary>
public sealed class OpenApiFunction
{
    public const string ResourceName = "ImageSearch.Functions.openapi.json";

    private static readonly Lazy<byte[]> Document = new(Read);

    [Function("OpenApiDocument")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request)
    {
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        return new FileContentResult(Document.Value, "application/json");
    }

    private static byte[] Read()
    {
        using var stream = typeof(OpenApiFunction).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
