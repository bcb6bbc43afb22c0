using System.Reflection;
using ImageSearch.Functions.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSearch.Functions.Standalone;

/// <summary>
/// Maps each HTTP function to an endpoint at <c>/{routePrefix}/{route}</c> with its methods and runs it as the worker's
/// ASP.NET Core integration does: a new instance of the function class from the request's scope, parameters bound by
/// kind (<see cref="HttpRequest"/>, <see cref="CancellationToken"/>, string route values by name), the returned
/// <see cref="IActionResult"/> executed. A parameter of another kind stops the app at start-up. Non-anonymous functions
/// need a key (<see cref="FunctionKeyCheck"/>): without one, 401 with an empty body and the function does not run.
/// </summary>
internal static class HttpFunctionEndpoints
{
    public static void MapHttpFunctions(this IEndpointRouteBuilder endpoints, IEnumerable<FunctionEntry> functions, string routePrefix, FunctionKeyCheck keys)
    {
        foreach (var function in functions)
        {
            var http = function.Http!;
            var bind = Binder(function, http.Route);
            var pattern = routePrefix.Length == 0 ? $"/{http.Route}" : $"/{routePrefix}/{http.Route}";
            RequestDelegate handler = context => keys.Allows(context.Request, http.AuthLevel) ? InvokeAsync(context, function.Method, bind) : Unauthorized(context);
            var endpoint = http.Methods.Count == 0 ? endpoints.Map(pattern, handler) : endpoints.MapMethods(pattern, http.Methods, handler);
            endpoint.WithDisplayName($"Functions.{function.Name}").WithMetadata(function);
        }
    }

    private static Func<HttpContext, object?[]> Binder(FunctionEntry function, string route)
    {
        var routeValues = RoutePatternFactory.Parse(route).Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var binders = function.Method.GetParameters().Select<ParameterInfo, Func<HttpContext, object?>>(p => p.ParameterType switch
        {
            var t when t == typeof(HttpRequest) => c => c.Request,
            var t when t == typeof(CancellationToken) => c => c.RequestAborted,
            var t when t == typeof(string) && routeValues.Contains(p.Name!) => c => c.Request.RouteValues[p.Name!]?.ToString(),
            _ => throw new NotSupportedException(
                $"The '{function.Name}' function: parameter '{p.Name}' ({p.ParameterType.Name}) is not bound in standalone mode; " +
                "it binds HttpRequest, CancellationToken and string route values."),
        }).ToArray();
        return context => [.. binders.Select(b => b(context))];
    }

    private static async Task InvokeAsync(HttpContext context, MethodInfo method, Func<HttpContext, object?[]> bind)
    {
        ApiHeaders.OnStarting(context.Response); // as ApiHeadersMiddleware does under the host: on what the function answers

        var instance = ActivatorUtilities.CreateInstance(context.RequestServices, method.DeclaringType!);
        var result = await FunctionInvocation.InvokeAsync(method, instance, bind(context));
        if (result is IActionResult action)
        {
            await action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
        }
    }

    private static Task Unauthorized(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }
}
