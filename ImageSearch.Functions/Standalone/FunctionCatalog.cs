using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Functions.Standalone;

/// <summary>
/// The functions of an assembly, found the way the worker's metadata generator finds them: public methods with
/// <c>[Function(name)]</c>, classified by their trigger attribute. Functions standalone mode cannot run (other triggers)
/// are listed in <see cref="Skipped"/>; HTTP and timer functions it cannot bind fail discovery with the reason.
/// </summary>
public sealed class FunctionCatalog
{
    private FunctionCatalog(IReadOnlyList<HttpFunction> http, IReadOnlyList<TimerFunction> timers, IReadOnlyList<string> skipped)
    {
        Http = http;
        Timers = timers;
        Skipped = skipped;
    }

    public IReadOnlyList<HttpFunction> Http { get; }

    public IReadOnlyList<TimerFunction> Timers { get; }

    /// <summary>Names of functions whose trigger standalone mode does not serve.</summary>
    public IReadOnlyList<string> Skipped { get; }

    public static FunctionCatalog Discover(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return Discover(assembly.GetExportedTypes());
    }

    public static FunctionCatalog Discover(IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var http = new List<HttpFunction>();
        var timers = new List<TimerFunction>();
        var skipped = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

        foreach (var method in types.SelectMany(type => type.GetMethods(Declared)))
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
            {
                continue;
            }

            if (!names.Add(function.Name))
            {
                throw new InvalidOperationException($"Function name '{function.Name}' is declared twice ({Describe(method)}).");
            }

            var parameters = method.GetParameters();
            if (parameters.Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null) is { } trigger)
            {
                var created = CreateHttp(function.Name, method, trigger);
                if (http.FirstOrDefault(other => RoutesConflict(created, other)) is { } conflicting)
                {
                    // The host's rule (ScriptHost.HttpRoutesConflict): same route text, ignoring case, with a shared method.
                    throw new InvalidOperationException(
                        $"Function '{created.Name}': the route '{created.Route}' conflicts with the route defined by function '{conflicting.Name}'.");
                }

                http.Add(created);
            }
            else if (parameters.Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).FirstOrDefault(a => a is not null) is { } timer)
            {
                timers.Add(CreateTimer(function.Name, method, timer));
            }
            else
            {
                skipped.Add(function.Name);
            }
        }

        return new FunctionCatalog(http, timers, skipped);
    }

    private static HttpFunction CreateHttp(string name, MethodInfo method, HttpTriggerAttribute trigger)
    {
        var route = string.IsNullOrWhiteSpace(trigger.Route) ? name : trigger.Route.Trim('/');
        if (IsReservedRoute(route))
        {
            // The host's own rule (ScriptHost.ValidateHttpFunction): it marks such a function "in error" and never serves it.
            throw new InvalidOperationException(
                $"Function '{name}' ({Describe(method)}): route '{route}' starts with a prefix the Functions host reserves for its own " +
                $"API ({string.Join(", ", ReservedRoutePrefixes)}); the host refuses it with \"The specified route conflicts with one or more built in routes.\"");
        }

        var routeParameters = RoutePatternFactory.Parse(route).Parameters
            .Select(p => p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in method.GetParameters().Where(p => !ParameterBinding.CanBindHttp(p, routeParameters)))
        {
            throw Unbindable(name, method, parameter, "HttpRequest, FunctionContext, CancellationToken or a route value of the same name");
        }

        var returns = UnwrapAwaitable(method.ReturnType);
        if (returns != typeof(void) && !typeof(IActionResult).IsAssignableFrom(returns) && !typeof(Microsoft.AspNetCore.Http.IResult).IsAssignableFrom(returns))
        {
            throw new NotSupportedException(
                $"Function '{name}' ({Describe(method)}) returns {method.ReturnType.Name}; standalone mode runs HTTP functions that " +
                "return IActionResult or IResult (optionally as Task/ValueTask), or nothing.");
        }

        var methods = (trigger.Methods ?? []).Select(m => m.ToUpperInvariant()).Distinct().ToArray();
        return new HttpFunction(name, method, route, methods, trigger.AuthLevel);
    }

    /// <summary>Route prefixes the Functions host keeps for its own API (<c>/admin/...</c>, <c>/runtime/...</c>).</summary>
    public static IReadOnlyList<string> ReservedRoutePrefixes { get; } = ["admin", "runtime"];

    /// <summary>The host's test, as written there: the trimmed, lower-cased route text starts with a reserved prefix.</summary>
    public static bool IsReservedRoute(string route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var text = route.Trim('/').ToLowerInvariant();
        return ReservedRoutePrefixes.Any(prefix => text.StartsWith(prefix, StringComparison.Ordinal));
    }

    private static bool RoutesConflict(HttpFunction a, HttpFunction b) =>
        string.Equals(a.Route, b.Route, StringComparison.OrdinalIgnoreCase)
        && (a.HttpMethods.Count == 0 || b.HttpMethods.Count == 0 || a.HttpMethods.Intersect(b.HttpMethods).Any());

    private static TimerFunction CreateTimer(string name, MethodInfo method, TimerTriggerAttribute trigger)
    {
        foreach (var parameter in method.GetParameters().Where(p => !ParameterBinding.CanBindTimer(p)))
        {
            throw Unbindable(name, method, parameter, "TimerInfo, FunctionContext or CancellationToken");
        }

        return new TimerFunction(name, method, trigger.Schedule, trigger.RunOnStartup);
    }

    internal static Type UnwrapAwaitable(Type type)
    {
        if (type == typeof(Task) || type == typeof(ValueTask))
        {
            return typeof(void);
        }

        var isAwaitable = type.IsGenericType
            && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>));
        return isAwaitable ? type.GetGenericArguments()[0] : type;
    }

    private static NotSupportedException Unbindable(string name, MethodInfo method, ParameterInfo parameter, string supported) =>
        new($"Function '{name}' ({Describe(method)}): parameter '{parameter.Name}' of type {parameter.ParameterType.Name} " +
            $"cannot be bound in standalone mode; supported: {supported}.");

    private static string Describe(MethodInfo method) => $"{method.DeclaringType?.FullName}.{method.Name}";
}
