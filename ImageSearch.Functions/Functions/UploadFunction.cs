using ImageSearch.Core.Quotas;
using ImageSearch.Core.Uploads;
using ImageSearch.Functions.Contracts;
using ImageSearch.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Functions.Functions;

/// <summary>Upload an image to a session (multipart/form-data, field "image").</summary>
public sealed class UploadFunction(
    UploadService uploads, MultipartImageReader reader, SessionIdentity identity, RequestQuotas quotas, ApiLinks links)
{
    [Function("UploadImage")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions/{sessionId}/uploads")] HttpRequest request,
        string sessionId, CancellationToken cancellationToken)
    {
        var id = identity.IdOf(request, sessionId);
        quotas.Demand(Quota.UploadsPerClient, ClientAddress.Of(request));
        var form = await reader.ReadAsync(request, "image", cancellationToken);
        var upload = await uploads.UploadAsync(id, form.FileName, form.Content, cancellationToken);
        return new ObjectResult(UploadView.From(id, upload, links)) { StatusCode = StatusCodes.Status201Created };
    }
}
