using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ImageSearch.Core.Storage;

/// <summary>
/// Session ids are bearer secrets: 256 random bits, base64url. Storage never sees the id itself, only its SHA-256
/// (<see cref="StorageKey"/>), so a lookup cannot leak the id through timing and a storage dump does not hand out sessions.
/// Logs carry <see cref="LogTag"/>, a short prefix of that hash.
/// </summary>
public static class SessionId
{
    private const int RandomBytes = 32;
    private const int EncodedLength = 43;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>True when <paramref name="value"/> has the shape of an id this service issues.</summary>
    public static bool IsWellFormed(string? value) =>
        value is { Length: EncodedLength } && Base64Url.IsValid(value, out var decodedLength) && decodedLength == RandomBytes;

    /// <summary>The storage key of a session: lower-case hex SHA-256 of its id (64 characters).</summary>
    public static string StorageKey(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(id)));

    /// <summary>A tag safe to log: the first 8 hex characters of the storage key.</summary>
    public static string LogTag(string id) => StorageKey(id)[..8];
}
