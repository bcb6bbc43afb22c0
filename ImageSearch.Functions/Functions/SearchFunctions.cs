using ImageSearch.Core.Quotas;
using ImageSearch.Core.Search;
using ImageSearch.Functions.Contracts;
using ImageSearch.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Functions.Functions;

/// <summary>
/// Search within a session, refine the search (feedback, "more like this", "not this"), undo the last refinement, rank the
/// search again with new controls (filter, cut, order).
/// </summary>
public sealed class SearchFunctions(
    SearchService search, RefinementService refinement, SessionIdentity identity, RequestQuotas quotas, ApiLinks links)
{
    [Function("Search")]
    public async Task<IActionResult> Search(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions/{sessionId}/search")] HttpRequest request,
        string sessionId, CancellationToken cancellationToken)
    {
        var id = DemandSearch(request, sessionId);
        var body = await RequestJson.ReadAsync<SearchRequest>(request, cancellationToken);
        return Answer(request, await search.SearchAsync(id, body.Query, body.UploadIds, body.ToPageRequest(), cancellationToken));
    }

    [Function("Refine")]
    public async Task<IActionResult> Refine(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions/{sessionId}/refine")] HttpRequest request,
        string sessionId, CancellationToken cancellationToken)
    {
        var id = DemandSearch(request, sessionId);
        var body = await RequestJson.ReadAsync<RefineRequest>(request, cancellationToken);
        return Answer(request, await refinement.RefineAsync(id, body.Feedback, body.Select, body.Reject, body.ToPageRequest(), cancellationToken));
    }

    [Function("Undo")]
    public async Task<IActionResult> Undo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions/{sessionId}/undo")] HttpRequest request,
        string sessionId, CancellationToken cancellationToken)
    {
        var id = DemandSearch(request, sessionId);
        // The body is optional: the ranking options to rank with after the undo.
        var body = await RequestJson.ReadAsync(request, new RankingOptionsRequest(), cancellationToken);
        return Answer(request, await refinement.UndoAsync(id, body.ToPageRequest(), cancellationToken));
    }

    [Function("Rank")]
    public async Task<IActionResult> Rank(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions/{sessionId}/rank")] HttpRequest request,
        string sessionId, CancellationToken cancellationToken)
    {
        var id = DemandSearch(request, sessionId);
        var body = await RequestJson.ReadAsync(request, new RankingOptionsRequest(), cancellationToken);
        return Answer(request, await refinement.RerankAsync(id, body.ToPageRequest(), cancellationToken));
    }

    /// <summary>
    /// The call's session id; every ranking call counts against the client's and the session's quotas, before its body is read.
    /// </summary>
    private string DemandSearch(HttpRequest request, string routeValue)
    {
        var sessionId = identity.IdOf(request, routeValue);
        quotas.DemandSearch(ClientAddress.Of(request), sessionId, search.ReachesTheWeb);
        return sessionId;
    }

    private OkObjectResult Answer(HttpRequest request, SearchOutcome outcome)
    {
        ServerTiming.Write(request.HttpContext.Response, outcome.Timings);
        return new OkObjectResult(SearchResponse.From(outcome, links));
    }
}
