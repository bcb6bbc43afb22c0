using System.Runtime.InteropServices;
using Azure.Data.Tables;
using ImageSearch.Core.Embeddings;

namespace ImageSearch.Core.Catalog;

/// <summary>Maps catalog items to Table Storage rows. Embeddings are binary properties named "emb_&lt;model&gt;".</summary>
internal static class CatalogEntityMapper
{
    public const string Partition = "item";
    private const string EmbeddingPrefix = "emb_";
    private const string ModelIdsProperty = "EmbeddingModels";

    public static TableEntity ToEntity(CatalogItem item)
    {
        var entity = new TableEntity(Partition, item.Id)
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
