namespace ImageSearch.Core.Sessions;

/// <summary>
/// One result of a search as the session remembers it: which image (<see cref="Source"/> and <see cref="Id"/>), what it
/// is called, and its score. Refinements ("more like this", "not this") name results by id.
/// </summary>
public sealed record RankedResult(string Id, string Title, string Description, float Score, string Source);
