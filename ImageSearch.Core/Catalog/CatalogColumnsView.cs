using System.Text;
using ImageSearch.Core.Ranking;

namespace ImageSearch.Core.Catalog;

/// <summary>An immutable reader of <see cref="CatalogColumns"/>: the metadata of its first <see cref="Count"/> items.</summary>
public sealed class CatalogColumnsView : ICatalogIds
{
    private readonly AppendOnlyView<byte> _text;
    private readonly AppendOnlyView<long> _textAt;
    private readonly AppendOnlyView<int> _categories;
    private readonly AppendOnlyView<string> _categoryNames;
    private readonly AppendOnlyView<int> _tagStarts;
    private readonly AppendOnlyView<int> _tags;
    private readonly AppendOnlyView<string> _tagNames;
    private readonly AppendOnlyView<long> _importedAt;
    private readonly AppendOnlyView<int> _sizes;

    internal CatalogColumnsView(
        int count, AppendOnlyView<byte> text, AppendOnlyView<long> textAt, AppendOnlyView<int> categories, AppendOnlyView<string> categoryNames,
        AppendOnlyView<int> tagStarts, AppendOnlyView<int> tags, AppendOnlyView<string> tagNames, AppendOnlyView<long> importedAt, AppendOnlyView<int> sizes)
    {
        Count = count;
        (_text, _textAt, _categories, _categoryNames, _tagStarts, _tags, _tagNames, _importedAt, _sizes) =
            (text, textAt, categories, categoryNames, tagStarts, tags, tagNames, importedAt, sizes);
    }

    public int Count { get; }

    public string Id(int item) => Encoding.UTF8.GetString(IdBytes(item));

    public string Title(int item) => Encoding.UTF8.GetString(Text(item, CatalogText.Title));

    public string Description(int item) => Encoding.UTF8.GetString(Text(item, CatalogText.Description));

    public string Category(int item) => _categoryNames[_categories[item]];

    public DateTimeOffset ImportedAt(int item) => new(_importedAt[item], TimeSpan.Zero);

    public IReadOnlyList<string> Tags(int item)
    {
        var tags = new string[_tagStarts[item + 1] - _tagStarts[item]];
        for (var i = 0; i < tags.Length; i++)
        {
            tags[i] = _tagNames[_tags[_tagStarts[item] + i]];
        }

        return tags;
    }

    /// <summary>Whether the item carries <paramref name="tag"/> (exact, ordinal, unless <paramref name="comparison"/> says otherwise).</summary>
    public bool HasTag(int item, string tag, StringComparison comparison = StringComparison.Ordinal)
    {
        for (var i = _tagStarts[item]; i < _tagStarts[item + 1]; i++)
        {
            if (string.Equals(_tagNames[_tags[i]], tag, comparison))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The item's UTF-8 id (no string made).</summary>
    public ReadOnlySpan<byte> IdBytes(int item) => Text(item, CatalogText.Id);

    public CatalogItem Item(int item, IReadOnlyList<Embeddings.Embedding> embeddings)
    {
        var record = _text.From(_textAt[item]);
        return new(
            Encoding.UTF8.GetString(CatalogText.Read(record, CatalogText.Id)), Encoding.UTF8.GetString(CatalogText.Read(record, CatalogText.Title)),
            Encoding.UTF8.GetString(CatalogText.Read(record, CatalogText.Description)), Tags(item), Category(item), _sizes[2 * item],
            _sizes[(2 * item) + 1], ImportedAt(item), embeddings);
    }

    private ReadOnlySpan<byte> Text(int item, int field) => CatalogText.Read(_text.From(_textAt[item]), field);
}
