using System.Text.Json.Serialization;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Sources;

namespace ImageSearch.Core.Sessions;

/// <summary>
/// What a session ranks with besides the query: which results may appear (<see cref="Filter"/> on catalog items,
/// <see cref="Sources"/>), where the ranked list is cut (<see cref="Autocut"/> jumps, the fixed floor
/// <see cref="MinScore"/>) and how the kept results are ordered. A search sets them; refinements and undo keep them unless
/// the request gives new ones. Stored compactly: defaults are left out of the session's JSON.
/// </summary>
public sealed record RankingControls
{
    public static readonly RankingControls Default = new();

    /// <summary>The catalog filter (category, tags, import dates); null = none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CatalogFilter? Filter { get; init; }

    /// <summary>The image sources results may come from; null = every configured source.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Sources { get; init; }

    /// <summary>Cut the ranked list after this many score drops (Weaviate's autocut, docs/ranking.md); 0 = no automatic cut.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Autocut { get; init; }

    /// <summary>The fixed relevance floor: results scoring below it are cut; null = none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public float? MinScore { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ResultOrder Order { get; init; }

    /// <summary>True when nothing differs from <see cref="Default"/> (the session then stores no controls at all).</summary>
    [JsonIgnore]
    public bool IsDefault => (Filter is null || Filter.IsEmpty) && Sources is null && Autocut == 0 && MinScore is null && Order == ResultOrder.Relevance;

    /// <summary>Whether results of source <paramref name="name"/> may appear.</summary>
    public bool AdmitsSource(string name) =>
        (Sources is null || Sources.Contains(name, StringComparer.Ordinal))
        // Web images have no category, tags or import date: a filter on any of them keeps catalog items only.
        && (name == CatalogSource.SourceName || Filter is null || Filter.IsEmpty);
}
