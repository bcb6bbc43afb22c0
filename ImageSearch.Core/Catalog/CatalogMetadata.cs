using ImageSearch.Core.Errors;

namespace ImageSearch.Core.Catalog;

/// <summary>What an importer says about an image. Validated at the boundary.</summary>
public sealed record CatalogMetadata(string Title, string Description, IReadOnlyList<string> Tags, string Category)
{
    public const int MaxTitle = 200;
    public const int MaxDescription = 1000;
    public const int MaxTags = 20;
    public const int MaxTag = 50;

    public static CatalogMetadata Create(string? title, string? description, string? tags, string? category)
    {
        title = title?.Trim() ?? "";
        description = description?.Trim() ?? "";
        category = category?.Trim() ?? "";
        var tagList = (tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        if (title.Length is 0 or > MaxTitle)
        {
            throw new RequestValidationException("invalid-title", $"A title of 1 to {MaxTitle} characters is required.");
        }

        if (description.Length > MaxDescription)
        {
            throw new RequestValidationException("invalid-description", $"The description is longer than {MaxDescription} characters.");
        }

        if (tagList.Count > MaxTags || tagList.Any(t => t.Length > MaxTag) || category.Length > MaxTag)
        {
            throw new RequestValidationException("invalid-tags", $"At most {MaxTags} tags and a category of at most {MaxTag} characters each.");
        }

        return new CatalogMetadata(title, description, tagList, category);
    }
}
