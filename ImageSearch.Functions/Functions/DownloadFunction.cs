using ImageSearch.Core.Downloads;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Functions.Functions;

/// <summary>Download a result or upload as JPEG through a signed, short-lived link (no session id in it).</summary>
public sealed class DownloadFunction(DownloadService downloads)
{
    [Function("Download")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "downloads/{token}")] HttpRequest request,
        string token, CancellationToken cancellationToken)
    {
        var (jpeg, fileName) = await downloads.OpenAsync(token, cancellationToken);
        request.HttpContext.Response.Headers.CacheControl = "private, no-store";
        return new FileContentResult(jpeg.ToArray(), "image/jpeg") { FileDownloadName = fileName };
    }
}
