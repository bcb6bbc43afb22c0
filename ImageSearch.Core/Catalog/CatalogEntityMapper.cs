using System.Runtime.InteropServices;
using Azure.Data.Tables;
using ImageSearch.Core.Embeddings;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// Maps catalog items to Table Storage rows. Embeddings are binary properties named "emb_&lt;model&gt;". Rows are spread
/// over <see cref="PartitionCount"/> partitions by the first hex digit of the item id (ids are content hashes, so evenly);
/// rows written before that sit in <see cref="LegacyPartition"/>, which is still read but never written.
/// </summary>
internal static class CatalogEntityMapper
{
    /// <summary>The one partition of every item row before rows were spread; read (and superseded by a re-import), never written.</summary>
    public const string LegacyPartition = "item";

    /// <summary>
    /// Fixed, part of the stored layout (changing it would strand rows). 16 × ~2,000 entities/s per partition reaches the
    /// account's ~20,000/s; more partitions would only make batch writes (one partition per transaction) smaller.
    /// </summary>
    public const int PartitionCount = 16;

    public const string PartitionPrefix = "item-";

    private const string EmbeddingPrefix = "emb_";
    private const string ModelIdsProperty = "EmbeddingModels";
    private const string HexDigits = "0123456789abcdef";

    /// <summary>Every item partition, the legacy one first (a re-import always lands in a spread partition, later).</summary>
    public static IReadOnlyList<string> Partitions { get; } = [LegacyPartition, .. HexDigits.Select(d => PartitionPrefix + d)];

    /// <summary>
    /// The first and the last-plus-one partition key of every item row (legacy and spread): "item" ≤ key &lt; "item."
    /// ('.' follows '-' in ASCII), so "meta" and any other partition stay outside.
    /// </summary>
    public static (string From, string Before) PartitionRange => (LegacyPartition, LegacyPartition + ".");

    /// <summary>The partition of an item id: its first hex digit (any other first character is mapped onto one stably).</summary>
    public static string PartitionOf(string id)
    {
        var first = id.Length == 0 ? '0' : char.ToLowerInvariant(id[0]);
        return PartitionPrefix + (HexDigits.Contains(first) ? first : HexDigits[first % PartitionCount]);
    }

    public static TableEntity ToEntity(CatalogItem item)
    {
        var entity = new TableEntity(PartitionOf(item.Id), item.Id)
        {
            ["Title"] = item.Title,
            ["Description"] = item.Description,
            ["Tags"] = string.Join(',', item.Tags),
            ["Category"] = item.Category,
            ["Width"] = item.Width,
            ["Height"] = item.Height,
            ["ImportedAt"] = item.ImportedAt,
            [ModelIdsProperty] = string.Join(',', item.Embeddings.Select(e => e.ModelId)),
        };
        foreach (var embedding in item.Embeddings)
        {
            entity[PropertyName(embedding.ModelId)] = MemoryMarshal.AsBytes(embedding.Vector.AsSpan()).ToArray();
        }

        return entity;
    }

    public static CatalogItem FromEntity(TableEntity entity)
    {
        var embeddings = new List<Embedding>();
        foreach (var modelId in (entity.GetString(ModelIdsProperty) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (entity.GetBinary(PropertyName(modelId)) is { Length: > 0 } bytes && bytes.Length % sizeof(float) == 0)
            {
                embeddings.Add(new Embedding(modelId, MemoryMarshal.Cast<byte, float>(bytes).ToArray()));
            }
        }

        return new CatalogItem(
            entity.RowKey,
            entity.GetString("Title") ?? "",
            entity.GetString("Description") ?? "",
            (entity.GetString("Tags") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
            entity.GetString("Category") ?? "",
            entity.GetInt32("Width") ?? 0,
            entity.GetInt32("Height") ?? 0,
            entity.GetDateTimeOffset("ImportedAt") ?? DateTimeOffset.MinValue,
            embeddings);
    }

    /// <summary>Table property names must be identifiers: model ids like "all-MiniLM-L6-v2" become "emb_all_MiniLM_L6_v2".</summary>
    private static string PropertyName(string modelId) =>
        EmbeddingPrefix + string.Concat(modelId.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));
}
