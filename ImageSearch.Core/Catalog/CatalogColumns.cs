using ImageSearch.Core.Ranking;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// The catalog items' metadata column by column, indexed by item ordinal (append-only, one writer): no object per item.
/// Category and tags are interned to integer codes so a filter inside the scan compares integers; import dates are ticks.
/// <see cref="View"/> captures an immutable reader.
/// </summary>
public sealed class CatalogColumns(int capacity)
{
    private readonly AppendOnlyArray<string> _ids = new(capacity);
    private readonly AppendOnlyArray<string> _titles = new(capacity);
    private readonly AppendOnlyArray<string> _descriptions = new(capacity);
    private readonly AppendOnlyArray<int> _categories = new(capacity);
    private readonly AppendOnlyArray<int> _tagStarts = new(capacity + 1);
    private readonly AppendOnlyArray<int> _tags = new(capacity);
    private readonly AppendOnlyArray<long> _importedAt = new(capacity);
    private readonly AppendOnlyArray<int> _sizes = new(capacity * 2);
    private readonly Interned _categoryNames = new();
    private readonly Interned _tagNames = new();

    public int Count => _ids.Count;

    /// <summary>Appends an item's metadata; returns its ordinal.</summary>
    public int Append(CatalogItem item)
    {
        if (_tagStarts.Count == 0)
        {
            _tagStarts.Add(0);
        }

        _ids.Add(item.Id);
        _titles.Add(item.Title);
        _descriptions.Add(item.Description);
        _categories.Add(_categoryNames.Code(item.Category));
        foreach (var tag in item.Tags)
        {
            _tags.Add(_tagNames.Code(tag));
        }

        _tagStarts.Add(_tags.Count);
        _importedAt.Add(item.ImportedAt.UtcTicks);
        _sizes.Add(item.Width);
        _sizes.Add(item.Height);
        return _ids.Count - 1;
    }

    public CatalogColumnsView View() => new(
        Count, _ids.Items, _titles.Items, _descriptions.Items, _categories.Items, _categoryNames.Names, _tagStarts.Items, _tags.Items,
        _tagNames.Names, _importedAt.Items, _sizes.Items);

    /// <summary>Strings to codes; a code's string never changes, so readers index the names array they captured.</summary>
    private sealed class Interned
    {
        private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
        private readonly AppendOnlyArray<string> _names = new(16);

        public string[] Names => _names.Items;

        public int Code(string name)
        {
            if (!_codes.TryGetValue(name, out var code))
            {
                code = _codes[name] = _names.Count;
                _names.Add(name);
            }

            return code;
        }
    }
}
