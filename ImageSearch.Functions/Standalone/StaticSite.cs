using Microsoft.Extensions.Configuration;

namespace ImageSearch.Functions.Standalone;

/// <summary>
/// Where the static site is served from in standalone mode: <c>Standalone:StaticSiteRoot</c> when set (relative to the
/// content root; it must exist), otherwise the nearest <c>static-site</c> folder above the content root or the app
/// directory. The site is deliberately not copied into the build output: the Function app does not serve it in Azure,
/// and bin/ sits inside the repository, so the upward search finds the real, live-edited folder.
/// </summary>
internal static class StaticSite
{
    public const string FolderName = "static-site";

    /// <summary>The site's Static Web Apps configuration, whose <c>globalHeaders</c> standalone mode sends too.</summary>
    public const string ConfigFile = "staticwebapp.config.json";

    public static IReadOnlyDictionary<string, string> GlobalHeaders(string root)
    {
        var path = Path.Combine(root, ConfigFile);
        if (!File.Exists(path))
        {
            return new Dictionary<string, string>();
        }

        using var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        return config.RootElement.TryGetProperty("globalHeaders", out var headers)
            ? headers.EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString() ?? "")
            : new Dictionary<string, string>();
    }

    public static string? FindRoot(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration["Standalone:StaticSiteRoot"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var root = Path.GetFullPath(configured, contentRoot);
            return Directory.Exists(root)
                ? root
                : throw new DirectoryNotFoundException($"Standalone:StaticSiteRoot '{root}' does not exist.");
        }

        return SearchUpward(contentRoot) ?? SearchUpward(AppContext.BaseDirectory);
    }

    private static string? SearchUpward(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, FolderName);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
