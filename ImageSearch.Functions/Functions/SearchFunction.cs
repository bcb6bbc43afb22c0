using ImageSearch.Core.Search;
using ImageSearch.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Functions.Functions;

/// <summary>Text search within a session.</summary>
public sealed class SearchFunction(SearchService search)
{
    [Function("Search")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions/{sessionId}/search")] HttpRequest request,
        string sessionId, CancellationToken cancellationToken)
    {
        var body = await RequestJson.ReadAsync<SearchRequest>(request, cancellationToken);
        var response = await search.SearchAsync(sessionId, body, cancellationToken);
        ServerTiming.Write(request.HttpContext.Response, response.Timings);
        return new OkObjectResult(response);
    }
}
