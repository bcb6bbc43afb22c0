using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Functions.Standalone;

/// <summary>
/// The parameters a standalone invocation can supply. The same rules reject a function at startup and bind it per call,
/// so a function either runs with the values the host would give it or does not start at all.
/// </summary>
internal static class ParameterBinding
{
    public static bool CanBindHttp(ParameterInfo parameter, IReadOnlySet<string> routeParameters) =>
        parameter.ParameterType == typeof(HttpRequest)
        || IsContextOrToken(parameter)
        || (parameter.Name is { } name && routeParameters.Contains(name) && IsConvertibleFromString(parameter.ParameterType));

    public static bool CanBindTimer(ParameterInfo parameter) =>
        parameter.ParameterType == typeof(TimerInfo) || IsContextOrToken(parameter);

    public static object? BindHttp(ParameterInfo parameter, HttpContext http, FunctionContext context)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return http.Request;
        }

        if (IsContextOrToken(parameter))
        {
            return BindContextOrToken(parameter, context);
        }

        var name = parameter.Name!;
        var raw = http.Request.RouteValues.TryGetValue(name, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
        if (string.IsNullOrEmpty(raw))
        {
            return parameter.HasDefaultValue ? parameter.DefaultValue : null;
        }

        try
        {
            return TypeDescriptor.GetConverter(parameter.ParameterType).ConvertFromInvariantString(raw);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            throw new BadHttpRequestException($"Route value '{name}' is not a valid {parameter.ParameterType.Name}.", exception);
        }
    }

    public static object? BindTimer(ParameterInfo parameter, TimerInfo timer, FunctionContext context) =>
        parameter.ParameterType == typeof(TimerInfo) ? timer : BindContextOrToken(parameter, context);

    private static bool IsContextOrToken(ParameterInfo parameter) =>
        parameter.ParameterType == typeof(FunctionContext) || parameter.ParameterType == typeof(CancellationToken);

    private static object BindContextOrToken(ParameterInfo parameter, FunctionContext context) =>
        parameter.ParameterType == typeof(FunctionContext) ? context : context.CancellationToken;

    private static bool IsConvertibleFromString(Type type) =>
        TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));
}
