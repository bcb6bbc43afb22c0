using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace ImageSearch.Functions.Standalone;

/// <summary>
/// Writes an HTTP function's return value as the ASP.NET Core integration does: <see cref="IActionResult"/> through the MVC
/// result executors (registered by <c>AddMvcCore()</c>), <see cref="IResult"/> directly, nothing for no value.
/// </summary>
internal static class FunctionResultWriter
{
    public static Task WriteAsync(HttpContext http, object? result) => result switch
    {
        null => Task.CompletedTask,
        IActionResult action => action.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor())),
        IResult minimal => minimal.ExecuteAsync(http),
        _ => throw new NotSupportedException($"Standalone mode cannot write a {result.GetType().Name} returned by a function."),
    };
}
