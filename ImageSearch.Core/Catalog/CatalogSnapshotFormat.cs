using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Ranking;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// The binary layout of a catalog snapshot (little-endian; strings UTF-8 with a 7-bit length prefix):
/// <c>header</c> = magic "ISCATSNP", format (int32), watermark (UTC ticks), catalog version (string);
/// then one record per row: 1, id, title, description, tag count + tags, category, width, height (int32), imported at,
/// row timestamp (UTC ticks), row ETag, model count, per model: model id, dimensions, the vector as fp16 (the precision
/// the index holds, <see cref="HalfVectors"/>: the row's fp32 vector rounded by the same function the index uses, so
/// loading a snapshot builds the same index as loading the rows); then 0 and the record count (int64). Everything read
/// is bounded: a corrupt length fails as <see cref="InvalidDataException"/>. Format 1 (fp32 vectors) is no longer read:
/// a snapshot of another format counts as unusable (the rows are read, and the scheduler writes a new one).
/// </summary>
internal static class CatalogSnapshotFormat
{
    public const int Format = 2;

    private const int MaxStringBytes = 64 * 1024;
    private const int MaxTags = 1024;
    private const int MaxModels = 64;
    private const int MaxDimensions = 65_536;
    private static readonly byte[] Magic = "ISCATSNP"u8.ToArray();

    public static void WriteHeader(BinaryWriter writer, DateTimeOffset watermark, string version)
    {
        writer.Write(Magic);
        writer.Write(Format);
        writer.Write(watermark.UtcTicks);
        writer.Write(version);
    }

    public static void WriteRow(BinaryWriter writer, CatalogRow row)
    {
        var item = row.Item;
        writer.Write((byte)1);
        writer.Write(item.Id);
        writer.Write(item.Title);
        writer.Write(item.Description);
        writer.Write7BitEncodedInt(item.Tags.Count);
        foreach (var tag in item.Tags)
        {
            writer.Write(tag);
        }

        writer.Write(item.Category);
        writer.Write(item.Width);
        writer.Write(item.Height);
        writer.Write(item.ImportedAt.UtcTicks);
        writer.Write(row.Timestamp.UtcTicks);
        writer.Write(row.ETag);
        writer.Write7BitEncodedInt(item.Embeddings.Count);
        foreach (var embedding in item.Embeddings)
        {
            writer.Write(embedding.ModelId);
            writer.Write7BitEncodedInt(embedding.Dimensions);
            var half = Rent(embedding.Dimensions, out var rented);
            HalfVectors.Round(embedding.Vector, half);
            writer.Write(MemoryMarshal.AsBytes(half));
            ArrayPool<Half>.Shared.Return(rented);
        }
    }

    public static void WriteEnd(BinaryWriter writer, long count)
    {
        writer.Write((byte)0);
        writer.Write(count);
    }

    /// <summary>Reads the header; returns the watermark and the catalog version the snapshot was taken at.</summary>
    public static (DateTimeOffset Watermark, string Version) ReadHeader(BinaryReader reader)
    {
        Span<byte> magic = stackalloc byte[Magic.Length];
        reader.BaseStream.ReadExactly(magic);
        if (!magic.SequenceEqual(Magic) || reader.ReadInt32() != Format)
        {
            throw new InvalidDataException("Not a catalog snapshot of a known format.");
        }

        var watermark = Ticks(reader.ReadInt64());
        return (watermark, ReadString(reader));
    }

    /// <summary>The next row, or null at the end marker (then <see cref="ReadEnd"/>).</summary>
    public static CatalogRow? ReadRow(BinaryReader reader)
    {
        switch (reader.ReadByte())
        {
            case 0:
                return null;
            case 1:
                break;
            default:
                throw new InvalidDataException("Corrupt catalog snapshot: bad record marker.");
        }

        var id = ReadString(reader);
        var title = ReadString(reader);
        var description = ReadString(reader);
        var tags = new string[Count(reader, MaxTags)];
        for (var i = 0; i < tags.Length; i++)
        {
            tags[i] = ReadString(reader);
        }

        var category = ReadString(reader);
        var width = reader.ReadInt32();
        var height = reader.ReadInt32();
        var importedAt = Ticks(reader.ReadInt64());
        var timestamp = Ticks(reader.ReadInt64());
        var etag = ReadString(reader);
        var embeddings = new Embedding[Count(reader, MaxModels)];
        for (var i = 0; i < embeddings.Length; i++)
        {
            var modelId = ReadString(reader);
            var vector = new float[Count(reader, MaxDimensions)];
            var half = Rent(vector.Length, out var rented);
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(half));
            HalfVectors.Widen(half, vector);
            ArrayPool<Half>.Shared.Return(rented);
            embeddings[i] = new Embedding(modelId, vector);
        }

        return new CatalogRow(new CatalogItem(id, title, description, tags, category, width, height, importedAt, embeddings), timestamp, etag);
    }

    /// <summary>The record count after the end marker.</summary>
    public static long ReadEnd(BinaryReader reader) => reader.ReadInt64();

    private static string ReadString(BinaryReader reader)
    {
        var length = Count(reader, MaxStringBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            reader.BaseStream.ReadExactly(buffer, 0, length);
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Span<Half> Rent(int length, out Half[] rented)
    {
        rented = ArrayPool<Half>.Shared.Rent(length);
        return rented.AsSpan(0, length);
    }

    private static int Count(BinaryReader reader, int max)
    {
        var count = reader.Read7BitEncodedInt();
        return count >= 0 && count <= max ? count : throw new InvalidDataException($"Corrupt catalog snapshot: a length of {count} (at most {max}).");
    }

    private static DateTimeOffset Ticks(long ticks) =>
        ticks is >= 0 and <= 3_155_378_975_999_999_999 ? new DateTimeOffset(ticks, TimeSpan.Zero) : throw new InvalidDataException("Corrupt catalog snapshot: bad time.");
}
