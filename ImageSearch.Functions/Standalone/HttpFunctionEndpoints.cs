using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ImageSearch.Functions.Standalone;

/// <summary>
/// Maps each HTTP function to a minimal-API endpoint at <c>/{routePrefix}/{route}</c> with the trigger's methods. Route
/// templates are ASP.NET Core route templates in both the host and here, so they are used as written.
/// </summary>
/// <remarks>
/// Authorization levels are not enforced, as with Core Tools locally: there are no function keys without the host.
/// </remarks>
internal static class HttpFunctionEndpoints
{
    public static void MapHttpFunctions(this IEndpointRouteBuilder endpoints, IEnumerable<HttpFunction> functions, string routePrefix)
    {
        foreach (var function in functions)
        {
            var pattern = routePrefix.Length == 0 ? $"/{function.Route}" : $"/{routePrefix}/{function.Route}";
            RequestDelegate handler = http => InvokeAsync(http, function);
            var endpoint = function.HttpMethods.Count == 0
                ? endpoints.Map(pattern, handler)
                : endpoints.MapMethods(pattern, function.HttpMethods, handler);
            endpoint.WithDisplayName($"Functions.{function.Name}");
        }
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
