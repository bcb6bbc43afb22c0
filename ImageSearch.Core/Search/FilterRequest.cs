namespace ImageSearch.Core.Search;

/// <summary>
/// The filter a caller asks for: a category, tags (all of them), image sources (any of them; empty = all), an import date
/// range (both ends inclusive). <see cref="ControlRules"/> checks it and turns it into the session's controls.
/// </summary>
public sealed record FilterRequest(
    string? Category = null,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyList<string>? Sources = null,
    DateTimeOffset? ImportedFrom = null,
    DateTimeOffset? ImportedTo = null);
