using ImageSearch.Core.Ranking;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// The catalog items' metadata column by column, indexed by item ordinal (append-only, one writer): no object per item.
/// Id, title and description are one UTF-8 record per item in shared 1 MiB buffers (<see cref="CatalogText"/>); category
/// and tags are interned to integer codes so a filter inside the scan compares integers; import dates are ticks. Every
/// column grows by chunks (<see cref="AppendOnlyArray{T}"/>), never by copying. <see cref="View"/> captures an immutable reader.
/// </summary>
public sealed class CatalogColumns : ICatalogIds
{
    /// <summary>Items per chunk of the fixed-width columns.</summary>
    private const int ItemChunk = 65_536;

    /// <summary>Bytes per chunk of the text column: an item's record (three strings of at most 64 KiB in a snapshot or a table row) fits one.</summary>
    private const int TextChunk = 1 << 20;

    private readonly AppendOnlyArray<byte> _text = new(TextChunk);
    private readonly AppendOnlyArray<long> _textAt = new(ItemChunk);
    private readonly AppendOnlyArray<int> _categories = new(ItemChunk);
    private readonly AppendOnlyArray<int> _tagStarts = new(ItemChunk);
    private readonly AppendOnlyArray<int> _tags = new(ItemChunk);
    private readonly AppendOnlyArray<long> _importedAt = new(ItemChunk);
    private readonly AppendOnlyArray<int> _sizes = new(ItemChunk * 2);
    private readonly Interned _categoryNames = new();
    private readonly Interned _tagNames = new();

    public int Count => (int)_textAt.Count;

    /// <summary>Appends an item's metadata; returns its ordinal.</summary>
    public int Append(CatalogItem item)
    {
        if (_tagStarts.Count == 0)
        {
            _tagStarts.Add(0);
        }

        var length = CatalogText.Length(item.Id, item.Title, item.Description);
        CatalogText.Write(_text.AddSpan(length), item.Id, item.Title, item.Description);
        _categories.Add(_categoryNames.Code(item.Category));
        foreach (var tag in item.Tags)
        {
            _tags.Add(_tagNames.Code(tag));
        }

        _tagStarts.Add((int)_tags.Count);
        _importedAt.Add(item.ImportedAt.UtcTicks);
        var size = _sizes.AddSpan(2);
        (size[0], size[1]) = (item.Width, item.Height);
        _textAt.Add(_text.Count - length); // last: Count moves when the item is complete
        return Count - 1;
    }

    /// <summary>The UTF-8 id of an appended item (the writer's view: every item).</summary>
    public ReadOnlySpan<byte> IdBytes(int item) => CatalogText.Read(_text.View().From(_textAt.View()[item]), CatalogText.Id);

    public CatalogColumnsView View() => new(
        Count, _text.View(), _textAt.View(), _categories.View(), _categoryNames.Names, _tagStarts.View(), _tags.View(),
        _tagNames.Names, _importedAt.View(), _sizes.View());

    /// <summary>Strings to codes; a code's string never changes, so readers index the names they captured.</summary>
    private sealed class Interned
    {
        private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
        private readonly AppendOnlyArray<string> _names = new(1024);

        public AppendOnlyView<string> Names => _names.View();

        public int Code(string name)
        {
            if (!_codes.TryGetValue(name, out var code))
            {
                code = _codes[name] = (int)_names.Count;
                _names.Add(name);
            }

            return code;
        }
    }
}
