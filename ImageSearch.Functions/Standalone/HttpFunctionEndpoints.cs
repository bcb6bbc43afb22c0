using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ImageSearch.Functions.Standalone;

/// <summary>
/// Maps each HTTP function to a minimal-API endpoint at <c>/{routePrefix}/{route}</c> with the trigger's methods. Route
/// templates are ASP.NET Core route templates in both the host and here, so they are used as written.
/// </summary>
/// <remarks>
/// Authorization levels are enforced as the host enforces them in Azure (<see cref="FunctionKeyCheck"/>): a
/// non-anonymous function without a valid key answers 401 and does not run. (Core Tools does not check keys locally;
/// standalone mode does, so a missing key shows up in tests rather than in Azure.)
/// </remarks>
internal static class HttpFunctionEndpoints
{
    public static void MapHttpFunctions(this IEndpointRouteBuilder endpoints, IEnumerable<HttpFunction> functions, string routePrefix, FunctionKeyCheck keys)
    {
        foreach (var function in functions)
        {
            var pattern = routePrefix.Length == 0 ? $"/{function.Route}" : $"/{routePrefix}/{function.Route}";
            RequestDelegate handler = http => keys.Allows(http.Request, function.AuthorizationLevel)
                ? InvokeAsync(http, function)
                : Unauthorized(http);
            var endpoint = function.HttpMethods.Count == 0
                ? endpoints.Map(pattern, handler)
                : endpoints.MapMethods(pattern, function.HttpMethods, handler);
            endpoint.WithDisplayName($"Functions.{function.Name}").WithMetadata(function);
        }
    }

    private static Task Unauthorized(HttpContext http)
    {
        // As the host answers: 401 with an empty body.
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    private static async Task InvokeAsync(HttpContext http, HttpFunction function)
    {
        // RequestServices is the request's scope: the function class and its scoped dependencies live for this call.
        var services = http.RequestServices;
        var context = new StandaloneFunctionContext(function.Name, function.Method, services, http.RequestAborted, http);
        var arguments = function.Method.GetParameters().Select(p => ParameterBinding.BindHttp(p, http, context)).ToArray();
        var result = await FunctionInvoker.InvokeAsync(function.Method, services, arguments);
        await FunctionResultWriter.WriteAsync(http, result);
    }
}
