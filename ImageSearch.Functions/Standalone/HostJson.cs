using Microsoft.Extensions.Configuration;

namespace ImageSearch.Functions.Standalone;

/// <summary>
/// The host.json settings standalone mode honours, read from the content root or else the app directory (the build copies
/// the repository's host.json there), overridable like the host by the app setting
/// <c>AzureFunctionsJobHost__extensions__http__routePrefix</c>.
/// </summary>
internal static class HostJson
{
    private const string RoutePrefixKey = "extensions:http:routePrefix";
    private const string DefaultRoutePrefix = "api";

    public static string ReadRoutePrefix(IConfiguration configuration, string contentRoot)
    {
        var overridden = configuration[$"AzureFunctionsJobHost:{RoutePrefixKey}"];
        if (overridden is not null)
        {
            return overridden.Trim('/');
        }

        var path = new[] { contentRoot, AppContext.BaseDirectory }
            .Select(directory => Path.Combine(directory, "host.json"))
            .FirstOrDefault(File.Exists);
        if (path is null)
        {
            return DefaultRoutePrefix;
        }

        var hostJson = new ConfigurationBuilder().AddJsonFile(path, optional: false).Build();
        return (hostJson[RoutePrefixKey] ?? DefaultRoutePrefix).Trim('/');
    }
}
