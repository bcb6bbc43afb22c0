using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace ImageSearch.Functions.Standalone;

/// <summary>
/// The <c>Values</c> of local.settings.json, which Core Tools turns into environment variables for the worker. Standalone
/// mode adds them as the lowest-priority configuration source, so the same file configures both modes and real
/// environment variables and command-line arguments still win. <c>Section__Key</c> names become <c>Section:Key</c>.
/// Read from the content root, else the app directory (the build copies ImageSearch.Functions/local.settings.json there).
/// </summary>
internal static class LocalSettings
{
    public const string FileName = "local.settings.json";

    public static void AddTo(IConfigurationBuilder configuration, string contentRoot)
    {
        var path = new[] { contentRoot, AppContext.BaseDirectory }
            .Select(directory => Path.Combine(directory, FileName))
            .FirstOrDefault(File.Exists);
        if (path is null)
        {
            return;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!document.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var settings = values.EnumerateObject().ToDictionary(
            property => property.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal),
            property => property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText());
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = settings });
    }
}
