using Microsoft.Extensions.Configuration;

namespace ImageSearch.Functions.Http;

/// <summary>
/// Paths of the API as clients reach them: under the host's route prefix — host.json <c>extensions.http.routePrefix</c>
/// (default "api"), overridden like the host does by the app setting
/// <c>AzureFunctionsJobHost__extensions__http__routePrefix</c> — so every link follows a different prefix.
/// </summary>
public sealed class ApiRoutes(IConfiguration configuration)
{
    private const string RoutePrefixKey = "extensions:http:routePrefix";
    private const string DefaultRoutePrefix = "api";

    public string Prefix { get; } = Read(configuration);

    /// <summary>The root-relative path of <paramref name="route"/> ("catalog/1/image" → "/api/catalog/1/image").</summary>
    public string PathOf(string route) => Prefix.Length == 0 ? "/" + route : $"/{Prefix}/{route}";

    private static string Read(IConfiguration configuration)
    {
        if (configuration[$"AzureFunctionsJobHost:{RoutePrefixKey}"] is { } overridden)
        {
            return overridden.Trim('/');
        }

        var hostJson = Path.Combine(AppContext.BaseDirectory, "host.json");
        return File.Exists(hostJson)
            ? (new ConfigurationBuilder().AddJsonFile(hostJson, optional: false).Build()[RoutePrefixKey] ?? DefaultRoutePrefix).Trim('/')
            : DefaultRoutePrefix;
    }
}
