using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Tests.Standalone;

/// <summary>Test-only functions that fail, or answer with problem details themselves.</summary>
public sealed class FailingTestFunctions
{
    public const string Secret = "password=hunter2";

    [Function("Unhandled")]
    public IActionResult Unhandled([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "fail/unhandled")] HttpRequest request) =>
        throw new InvalidOperationException($"Storage refused the connection string {Secret}");

    [Function("Teapot")]
    public async Task<IActionResult> TeapotAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "fail/teapot")] HttpRequest request)
    {
        await Task.Yield();
        throw new TeapotException("The pot is a teapot");
    }

    [Function("Conflict")]
    public IActionResult Conflict([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "problems/conflict")] HttpRequest request) =>
        new ObjectResult(new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Session busy" })
        {
            StatusCode = StatusCodes.Status409Conflict,
        };

    [Function("Unprocessable")]
    public Task<IResult> UnprocessableAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "problems/unprocessable")] HttpRequest request) =>
        Task.FromResult(Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Not an image"));
}

public sealed class TeapotException(string message) : Exception(message);

/// <summary>
/// An app-supplied exception mapping, registered like the app's own mapper is: <c>services.AddExceptionHandler&lt;T&gt;()</c>.
/// </summary>
public sealed class TeapotExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not TeapotException teapot)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status418ImATeapot;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = StatusCodes.Status418ImATeapot, Title = "Teapot", Detail = teapot.Message },
            Exception = exception,
        });
    }
}
