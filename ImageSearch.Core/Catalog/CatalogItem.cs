using ImageSearch.Core.Embeddings;

namespace ImageSearch.Core.Catalog;

/// <summary>One image of our own catalog, with its text and the embeddings computed at import (keyed by model id).</summary>
public sealed record CatalogItem(
    string Id,
    string Title,
    string Description,
    IReadOnlyList<string> Tags,
    string Category,
    int Width,
    int Height,
    DateTimeOffset ImportedAt,
    IReadOnlyList<Embedding> Embeddings)
{
    /// <summary>The text the text models embed: title, description and tags.</summary>
    public static string IndexText(string title, string description, IEnumerable<string> tags)
    {
        var tagText = string.Join(", ", tags);
        return tagText.Length == 0 ? $"{title}. {description}" : $"{title}. {description} ({tagText})";
    }
}
