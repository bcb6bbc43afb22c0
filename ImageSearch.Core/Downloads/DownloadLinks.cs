using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using ImageSearch.Core.Errors;
using ImageSearch.Core.Sessions;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Downloads;

/// <summary>
/// Signed download links: <c>/api/sessions/{id}/downloads/{payload}.{signature}</c>, the payload naming the blob, the
/// session it was issued to (a 16-hex tag of its storage key) and an expiry; the signature is HMAC-SHA256 over it.
/// Links are read-only, expire, work only with the session that got them, and any change to them breaks the signature.
/// </summary>
public sealed class DownloadLinks
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly byte[] _key;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _clock;

    public DownloadLinks(IOptions<DownloadOptions> options, TimeProvider clock)
    {
        _key = options.Value.SigningKey.Length > 0 ? Convert.FromBase64String(options.Value.SigningKey) : RandomNumberGenerator.GetBytes(32);
        _lifetime = TimeSpan.FromMinutes(options.Value.LinkLifetimeMinutes);
        _clock = clock;
    }

    public string Create(string sessionId, string container, string blob, string fileName)
    {
        var ticket = new DownloadTicket(Tag(sessionId), container, blob, fileName, (_clock.GetUtcNow() + _lifetime).ToUnixTimeSeconds());
        var payload = JsonSerializer.SerializeToUtf8Bytes(ticket, Json);
        var token = Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload));
        return $"/api/sessions/{sessionId}/downloads/{token}";
    }

    /// <summary>The ticket of a genuine, unexpired link issued to <paramref name="sessionId"/>; otherwise a 403 problem.</summary>
    public DownloadTicket Verify(string sessionId, string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        byte[] payload, signature;
        try
        {
            payload = dot > 0 ? Base64Url.DecodeFromChars(token.AsSpan(0, dot)) : [];
            signature = dot > 0 ? Base64Url.DecodeFromChars(token.AsSpan(dot + 1)) : [];
        }
        catch (FormatException)
        {
            throw Invalid();
        }

        if (payload.Length == 0 || !CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(_key, payload)))
        {
            throw Invalid();
        }

        var ticket = JsonSerializer.Deserialize<DownloadTicket>(payload, Json) ?? throw Invalid();
        if (!CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(ticket.SessionTag), System.Text.Encoding.ASCII.GetBytes(Tag(sessionId))))
        {
            throw Invalid();
        }

        if (_clock.GetUtcNow().ToUnixTimeSeconds() > ticket.Expires)
        {
            throw new ImageSearchException("download-link-expired", ErrorKind.Forbidden, "Download link expired", "This download link has expired; search again for a fresh one.");
        }

        return ticket;
    }

    private static string Tag(string sessionId) => SessionId.StorageKey(sessionId)[..16];

    private static ImageSearchException Invalid() =>
        new("download-link-invalid", ErrorKind.Forbidden, "Invalid download link", "The download link is not valid for this session.");
}
