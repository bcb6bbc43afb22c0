using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Functions.Standalone;

/// <summary>An HTTP trigger as functions.metadata declares it: route (without the route prefix), methods, auth level.</summary>
public sealed record HttpTrigger(string Route, IReadOnlyList<string> Methods, AuthorizationLevel AuthLevel);

/// <summary>One function of functions.metadata, with its entry point resolved to the method that runs it.</summary>
public sealed record FunctionEntry(string Name, MethodInfo Method, HttpTrigger? Http, string? Schedule);

/// <summary>
/// The function list standalone mode serves: the build's <c>functions.metadata</c>, the file the worker SDK writes for the
/// Functions host and the host indexes. It is checked with the host's own rules (ScriptHost.ValidateFunction and
/// ValidateHttpFunction, azure-functions-host): a route in the host's reserved space, two functions on one route with a
/// shared method, or a route template that does not parse stops the app with the host's message.
/// </summary>
public static class FunctionsMetadata
{
    public const string FileName = "functions.metadata";

    /// <summary>The functions of the metadata file at <paramref name="path"/>, run by methods of <paramref name="assembly"/>.</summary>
    public static IReadOnlyList<FunctionEntry> Load(string path, Assembly assembly)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No {path}: building the Functions project writes {FileName} next to the app.", path);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var functions = new List<FunctionEntry>();
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var name = function.GetProperty("name").GetString()!;
            var entry = new FunctionEntry(name, Resolve(name, function.GetProperty("entryPoint").GetString()!, assembly), null, null);
            foreach (var binding in function.GetProperty("bindings").EnumerateArray())
            {
                entry = binding.GetProperty("type").GetString() switch
                {
                    "httpTrigger" => entry with { Http = Http(name, binding) },
                    "timerTrigger" => entry with { Schedule = binding.GetProperty("schedule").GetString() },
                    _ => entry,
                };
            }

            functions.Add(Validate(entry, functions));
        }

        return functions;
    }

    /// <summary>The host's test, as written there: the trimmed, lower-cased route text starts with "admin" or "runtime".</summary>
    public static bool IsReservedRoute(string route)
    {
        var text = route.Trim('/').ToLowerInvariant();
        return text.StartsWith("admin", StringComparison.Ordinal) || text.StartsWith("runtime", StringComparison.Ordinal);
    }

    private static HttpTrigger Http(string name, JsonElement binding)
    {
        var route = binding.TryGetProperty("route", out var r) && !string.IsNullOrWhiteSpace(r.GetString()) ? r.GetString()!.Trim('/') : name;
        var methods = binding.TryGetProperty("methods", out var m) && m.ValueKind == JsonValueKind.Array
            ? [.. m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant())]
            : new List<string>();
        return new HttpTrigger(route, methods, Enum.Parse<AuthorizationLevel>(binding.GetProperty("authLevel").GetString()!, ignoreCase: true));
    }

    private static FunctionEntry Validate(FunctionEntry entry, List<FunctionEntry> earlier)
    {
        if (entry.Http is null && entry.Schedule is null)
        {
            throw InError(entry.Name, "standalone mode serves HTTP and timer triggers only.");
        }

        if (entry.Http is not { } http)
        {
            return entry;
        }

        if (IsReservedRoute(http.Route))
        {
            throw InError(entry.Name, "The specified route conflicts with one or more built in routes.");
        }

        if (earlier.FirstOrDefault(other => other.Http is { } o && Conflict(http, o)) is { } conflicting)
        {
            throw InError(entry.Name, $"The route specified conflicts with the route defined by function '{conflicting.Name}'.");
        }

        try
        {
            RoutePatternFactory.Parse(http.Route);
        }
        catch (RoutePatternException e)
        {
            // The host's route registration fails on the same templates; its wording differs.
            throw InError(entry.Name, $"The route template '{http.Route}' is invalid: {e.Message}");
        }

        return entry;
    }

    // The host's HttpRoutesConflict: same route text ignoring case and slashes, and a shared method (none listed = all).
    private static bool Conflict(HttpTrigger a, HttpTrigger b) =>
        string.Equals(a.Route, b.Route, StringComparison.OrdinalIgnoreCase)
        && (a.Methods.Count == 0 || b.Methods.Count == 0 || a.Methods.Intersect(b.Methods).Any());

    private static MethodInfo Resolve(string name, string entryPoint, Assembly assembly)
    {
        var split = entryPoint.LastIndexOf('.');
        var type = split > 0 ? assembly.GetType(entryPoint[..split]) : null;
        var methods = type?.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.Name == entryPoint[(split + 1)..]).ToList() ?? [];
        return methods.Count == 1 ? methods[0] : throw InError(name, $"entry point '{entryPoint}' is not one public instance method of {assembly.GetName().Name}.");
    }

    // As the host logs it (ScriptHostLoggerExtension): "The '{functionName}' function is in error: {errorMessage}".
    private static InvalidOperationException InError(string name, string message) => new($"The '{name}' function is in error: {message}");
}
