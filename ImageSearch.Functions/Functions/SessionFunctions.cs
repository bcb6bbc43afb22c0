using ImageSearch.Core.Quotas;
using ImageSearch.Core.Sessions;
using ImageSearch.Functions.Contracts;
using ImageSearch.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Functions.Functions;

/// <summary>Create, read, reset and delete sessions (the session named as <see cref="SessionIdentity"/> says).</summary>
public sealed class SessionFunctions(SessionService sessions, SessionIdentity identity, RequestQuotas quotas, ApiLinks links)
{
    [Function("CreateSession")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions")] HttpRequest request, CancellationToken cancellationToken)
    {
        quotas.Demand(Quota.SessionsPerClient, ClientAddress.Of(request));
        var session = await sessions.CreateAsync(cancellationToken);
        return new ObjectResult(View(session)) { StatusCode = StatusCodes.Status201Created };
    }

    [Function("GetSession")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sessions/{sessionId}")] HttpRequest request,
        string sessionId, CancellationToken cancellationToken) =>
        new OkObjectResult(View(await sessions.GetAsync(identity.IdOf(request, sessionId), cancellationToken)));

    [Function("ResetSession")]
    public async Task<IActionResult> Reset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions/{sessionId}/reset")] HttpRequest request,
        string sessionId, CancellationToken cancellationToken) =>
        new OkObjectResult(View(await sessions.ResetAsync(identity.IdOf(request, sessionId), cancellationToken)));

    [Function("DeleteSession")]
    public async Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "sessions/{sessionId}")] HttpRequest request,
        string sessionId, CancellationToken cancellationToken)
    {
        await sessions.DeleteAsync(identity.IdOf(request, sessionId), cancellationToken);
        return new NoContentResult();
    }

    private SessionView View(SessionRecord session) => SessionView.From(session, sessions.IdleTimeoutMinutes, links);
}
