using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Json;
using ImageSearch.Core.Errors;

namespace ImageSearch.Core.Sessions;

/// <summary>
/// How a <see cref="SessionState"/> is stored in its row: UTF-8 JSON without \u-escaping of non-ASCII text (the JSON is
/// never put into HTML), Brotli-compressed into one binary property. Table Storage holds at most 64 KiB in a property;
/// a state that does not fit is refused with 413 <c>session-full</c> before anything is written, so a session never
/// becomes unreadable or half-stored. A refinement chain is capped separately (RefinementService.MaxSteps).
/// </summary>
public static class SessionStateCodec
{
    /// <summary>Table Storage's limit for one binary property.</summary>
    public const int MaxStoredBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Encode(SessionState state)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(state, Json);
        using var packed = new MemoryStream(json.Length / 3);
        using (var brotli = new BrotliStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            brotli.Write(json);
        }

        return packed.Length <= MaxStoredBytes
            ? packed.ToArray()
            : throw new ImageSearchException("session-full", ErrorKind.TooLarge, "Session full",
                "This session holds too much text to store another step. Undo a refinement or start a new search.");
    }

    /// <summary>The stored state; a row without one (written before this format) reads as an empty session.</summary>
    public static SessionState Decode(byte[] stored)
    {
        if (stored.Length == 0)
        {
            return SessionState.Empty;
        }

        using var brotli = new BrotliStream(new MemoryStream(stored), CompressionMode.Decompress);
        return JsonSerializer.Deserialize<SessionState>(brotli, Json) ?? SessionState.Empty;
    }
}
