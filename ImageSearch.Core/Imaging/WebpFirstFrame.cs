using System.Buffers.Binary;

namespace ImageSearch.Core.Imaging;

/// <summary>
/// The first frame of an animated WebP as a still WebP file, found by walking the RIFF chunks before any pixel is decoded.
/// ImageSharp 2.1.13's WebP decoder decodes every frame of an animation (its GIF decoder can stop after the first), so a
/// small file of many large frames would cost frames × canvas in memory and time; the still holds one frame's bitstream.
/// </summary>
/// <remarks>
/// Layout (https://developers.google.com/speed/webp/docs/riff_container): "RIFF" size "WEBP", then chunks of a FourCC, a
/// little-endian size and the payload padded to an even length. An animation has a "VP8X" chunk with the animation flag
/// and one "ANMF" chunk per frame: 16 bytes of placement and timing, then the frame's own chunks ("ALPH" and "VP8 ", or
/// "VP8L"). The still is "RIFF" "WEBP" with those chunks, behind a "VP8X" (alpha flag, the frame's size) when "ALPH" is present.
/// </remarks>
public static class WebpFirstFrame
{
    private const byte AnimationFlag = 0x02;
    private const byte AlphaFlag = 0x10;
    private const int FrameHeaderBytes = 16;

    /// <summary>
    /// <paramref name="webp"/> itself unless it is an animation; then a still WebP of its first frame, or null when the
    /// animation has no well-formed first frame.
    /// </summary>
    public static byte[]? Extract(byte[] webp)
    {
        ArgumentNullException.ThrowIfNull(webp);
        if (Chunks(webp, 12, webp.Length).FirstOrDefault() is not { FourCc: "VP8X" } header || header.Length < 1 || (webp[header.Offset] & AnimationFlag) == 0)
        {
            return webp;
        }

        if (Chunks(webp, 12, webp.Length).FirstOrDefault(c => c.FourCc == "ANMF") is not { } frame || frame.Length < FrameHeaderBytes)
        {
            return null;
        }

        var inner = Chunks(webp, frame.Offset + FrameHeaderBytes, frame.Offset + frame.Length).ToList();
        var alpha = inner.FirstOrDefault(c => c.FourCc == "ALPH");
        var bitstream = inner.FirstOrDefault(c => c.FourCc is "VP8 " or "VP8L");
        if (bitstream is null)
        {
            return null;
        }

        using var still = new MemoryStream();
        still.Write("RIFF"u8);
        still.Write(stackalloc byte[4]); // size, below
        still.Write("WEBP"u8);
        if (alpha is not null && bitstream.FourCc == "VP8 ")
        {
            var width = ReadUInt24(webp, frame.Offset + 6) + 1;
            var height = ReadUInt24(webp, frame.Offset + 9) + 1;
            Span<byte> vp8x = stackalloc byte[10];
            vp8x[0] = AlphaFlag;
            WriteUInt24(vp8x[4..], width - 1);
            WriteUInt24(vp8x[7..], height - 1);
            WriteChunk(still, "VP8X", vp8x);
            WriteChunk(still, "ALPH", webp.AsSpan(alpha.Offset, alpha.Length));
        }

        WriteChunk(still, bitstream.FourCc, webp.AsSpan(bitstream.Offset, bitstream.Length));
        var bytes = still.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }

    /// <summary>The chunks between <paramref name="start"/> and <paramref name="end"/>; a chunk running past the end ends the walk.</summary>
    private static IEnumerable<Chunk> Chunks(byte[] data, int start, int end)
    {
        for (var position = start; position + 8 <= end;)
        {
            var fourCc = System.Text.Encoding.ASCII.GetString(data, position, 4);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(position + 4));
            if (length > (uint)(end - position - 8))
            {
                yield break;
            }

            yield return new Chunk(fourCc, position + 8, (int)length);
            position += 8 + (int)length + ((int)length & 1);
        }
    }

    private static void WriteChunk(Stream output, string fourCc, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[8];
        System.Text.Encoding.ASCII.GetBytes(fourCc, header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)payload.Length);
        output.Write(header);
        output.Write(payload);
        if ((payload.Length & 1) == 1)
        {
            output.WriteByte(0);
        }
    }

    private static int ReadUInt24(byte[] data, int offset) => data[offset] | (data[offset + 1] << 8) | (data[offset + 2] << 16);

    private static void WriteUInt24(Span<byte> target, int value)
    {
        target[0] = (byte)value;
        target[1] = (byte)(value >> 8);
        target[2] = (byte)(value >> 16);
    }

    private sealed record Chunk(string FourCc, int Offset, int Length);
}
