namespace ImageSearch.Core.Sources;

/// <summary>
/// The setting <c>Search__Sources</c>: a comma-separated list of source names ("catalog", "duckduckgo",
/// "catalog,duckduckgo"). The default is the catalog alone, so tests and CI never reach the internet unless asked to.
/// </summary>
public static class SourceSelection
{
    public const string Default = "catalog";

    public static readonly IReadOnlyList<string> KnownNames = [CatalogSource.SourceName, Web.DuckDuckGoImageSource.SourceName];

    /// <summary>The names in the setting, trimmed, lower-cased, de-duplicated, in order; an empty setting means <see cref="Default"/>.</summary>
    public static IReadOnlyList<string> Parse(string? setting)
    {
        var names = (string.IsNullOrWhiteSpace(setting) ? Default : setting)
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(n => n.ToLowerInvariant()).Distinct().ToList();
        var unknown = names.Except(KnownNames).ToList();
        return unknown.Count == 0
            ? names
            : throw new ArgumentException($"Unknown image source(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", KnownNames)}.", nameof(setting));
    }

    /// <summary>The registered sources the setting names, in the setting's order.</summary>
    public static IReadOnlyList<IImageSource> Select(IEnumerable<IImageSource> sources, string? setting)
    {
        var registered = sources.ToList();
        return Parse(setting)
            .Select(name => registered.FirstOrDefault(s => s.Name == name)
                ?? throw new InvalidOperationException($"The image source \"{name}\" is selected but not registered."))
            .ToList();
    }
}
