namespace ImageSearch.Core.Search;

/// <summary>One ranked result as the client sees it.</summary>
public sealed record SearchHit(string Id, string Title, string Description, float Score, string ImageUrl, string Source);
