namespace ImageSearch.Core.Catalog;

/// <summary>An immutable reader of <see cref="CatalogColumns"/>: the metadata of its first <see cref="Count"/> items.</summary>
public sealed class CatalogColumnsView(
    int count, string[] ids, string[] titles, string[] descriptions, int[] categories, string[] categoryNames, int[] tagStarts,
    int[] tags, string[] tagNames, long[] importedAt, int[] sizes)
{
    public int Count { get; } = count;

    public string Id(int item) => ids[item];

    public string Title(int item) => titles[item];

    public string Description(int item) => descriptions[item];

    public string Category(int item) => categoryNames[categories[item]];

    public DateTimeOffset ImportedAt(int item) => new(importedAt[item], TimeSpan.Zero);

    public IReadOnlyList<string> Tags(int item) => [.. tags.AsSpan(tagStarts[item], tagStarts[item + 1] - tagStarts[item]).ToArray().Select(t => tagNames[t])];

    /// <summary>Whether the item carries <paramref name="tag"/> (exact, ordinal, unless <paramref name="comparison"/> says otherwise).</summary>
    public bool HasTag(int item, string tag, StringComparison comparison = StringComparison.Ordinal)
    {
        for (var i = tagStarts[item]; i < tagStarts[item + 1]; i++)
        {
            if (string.Equals(tagNames[tags[i]], tag, comparison))
            {
                return true;
            }
        }

        return false;
    }

    public CatalogItem Item(int item, IReadOnlyList<Embeddings.Embedding> embeddings) => new(
        ids[item], titles[item], descriptions[item], Tags(item), Category(item), sizes[2 * item], sizes[(2 * item) + 1], ImportedAt(item), embeddings);
}
