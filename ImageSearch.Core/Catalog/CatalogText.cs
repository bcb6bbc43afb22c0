using System.Text;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// An item's id, title and description as one UTF-8 record in the catalog's text column (<see cref="CatalogColumns"/>):
/// each field a 7-bit length then its bytes. One record per item in large shared buffers instead of three .NET strings
/// (UTF-16 and ~24 bytes of object overhead each); strings are made only for the items a caller asks for.
/// </summary>
internal static class CatalogText
{
    public const int Id = 0;
    public const int Title = 1;
    public const int Description = 2;

    public static int Length(string id, string title, string description) =>
        Field(Encoding.UTF8.GetByteCount(id)) + Field(Encoding.UTF8.GetByteCount(title)) + Field(Encoding.UTF8.GetByteCount(description));

    public static void Write(Span<byte> record, string id, string title, string description)
    {
        var at = Write(record, id);
        at += Write(record[at..], title);
        Write(record[at..], description);
    }

    /// <summary>Field <paramref name="field"/> of the record that starts <paramref name="record"/>.</summary>
    public static ReadOnlySpan<byte> Read(ReadOnlySpan<byte> record, int field)
    {
        var at = 0;
        for (var f = 0; ; f++)
        {
            var length = ReadLength(record, ref at);
            if (f == field)
            {
                return record.Slice(at, length);
            }

            at += length;
        }
    }

    private static int Field(int bytes) => bytes + LengthBytes(bytes);

    private static int LengthBytes(int value) => value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x20_0000 ? 3 : value < 0x1000_0000 ? 4 : 5;

    private static int Write(Span<byte> to, string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        var at = 0;
        var rest = (uint)bytes;
        while (rest >= 0x80)
        {
            to[at++] = (byte)(rest | 0x80);
            rest >>= 7;
        }

        to[at++] = (byte)rest;
        return at + Encoding.UTF8.GetBytes(value, to[at..]);
    }

    private static int ReadLength(ReadOnlySpan<byte> record, ref int at)
    {
        var value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = record[at++];
            value |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
