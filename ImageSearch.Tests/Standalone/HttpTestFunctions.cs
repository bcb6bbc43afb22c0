using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Tests.Standalone;

/// <summary>Test-only HTTP functions, written the way the app's functions are: DI constructor, HttpRequest in, result out.</summary>
public sealed class HttpTestFunctions(Greeter greeter)
{
    [Function("GetItem")]
    public IActionResult GetItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/{id:int}/{name}")] HttpRequest request,
        int id,
        string name,
        FunctionContext context,
        CancellationToken cancellationToken) =>
        new OkObjectResult(new ItemResponse(
            id,
            name,
            greeter.Greet(name),
            context.FunctionDefinition.Name,
            ReferenceEquals(context.GetHttpContext(), request.HttpContext),
            context.InvocationId,
            cancellationToken.CanBeCanceled));

    [Function("GetThing")]
    public IActionResult GetThing([HttpTrigger(AuthorizationLevel.Function, "get", Route = "things/{id}")] HttpRequest request, Guid id) =>
        new OkObjectResult(new { id });

    [Function("Echo")]
    public async Task<IActionResult> EchoAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", "put", Route = "echo")] HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        return new ContentResult { Content = $"{request.Method} {body}", ContentType = "text/plain", StatusCode = StatusCodes.Status201Created };
    }

    [Function("DefaultRoute")]
    public static IResult DefaultRoute([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request) =>
        Results.Ok(new { route = "default" });
}

public sealed record ItemResponse(
    int Id, string Name, string Greeting, string FunctionName, bool SameHttpContext, string InvocationId, bool Cancellable);

/// <summary>A scoped service, to show function classes are built from the request's DI scope.</summary>
public sealed class Greeter
{
    public string Greet(string name) => $"Hello, {name}";
}
