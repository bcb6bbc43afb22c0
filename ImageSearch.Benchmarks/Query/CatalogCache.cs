using ImageSearch.Core.Catalog;
using ImageSearch.Core.Embeddings;

namespace ImageSearch.Benchmarks.Query;

/// <summary>A plain binary file of catalog items with their embeddings (benchmark data only, never committed).</summary>
internal static class CatalogCache
{
    public static void Write(string path, IReadOnlyList<CatalogItem> items)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(items.Count);
        foreach (var item in items)
        {
            writer.Write(item.Id);
            writer.Write(item.Title);
            writer.Write(item.Description);
            writer.Write(string.Join(',', item.Tags));
            writer.Write(item.Category);
            writer.Write(item.Embeddings.Count);
            foreach (var embedding in item.Embeddings)
            {
                writer.Write(embedding.ModelId);
                writer.Write(embedding.Dimensions);
                foreach (var value in embedding.Vector)
                {
                    writer.Write(value);
                }
            }
        }
    }

    public static IReadOnlyList<CatalogItem> Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var items = new CatalogItem[reader.ReadInt32()];
        for (var i = 0; i < items.Length; i++)
        {
            var (id, title, description, tags, category) = (reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadString());
            var embeddings = new Embedding[reader.ReadInt32()];
            for (var e = 0; e < embeddings.Length; e++)
            {
                var modelId = reader.ReadString();
                var vector = new float[reader.ReadInt32()];
                for (var d = 0; d < vector.Length; d++)
                {
                    vector[d] = reader.ReadSingle();
                }

                embeddings[e] = new Embedding(modelId, vector);
            }

            items[i] = new CatalogItem(id, title, description, tags.Split(',', StringSplitOptions.RemoveEmptyEntries), category, 224, 224, DateTimeOffset.UnixEpoch, embeddings);
        }

        return items;
    }
}
