using System.Text.Json.Serialization;

namespace ImageSearch.Core.Sessions;

/// <summary>
/// One result of a search as the session remembers it: which image (<see cref="Source"/> and <see cref="Id"/>), what it
/// is called, its score and, for catalog items, when it was imported. Refinements ("more like this", "not this") name
/// results by id.
/// </summary>
public sealed record RankedResult(
    string Id,
    string Title,
    string Description,
    float Score,
    string Source,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ImportedAt = null);
