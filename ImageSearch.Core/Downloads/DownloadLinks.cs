using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using ImageSearch.Core.Errors;
using System.Text.RegularExpressions;
using ImageSearch.Core.Sources;
using ImageSearch.Core.Sources.Web;
using ImageSearch.Core.Storage;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Downloads;

/// <summary>
/// Tokens of signed download links (<c>{payload}.{signature}</c>; the HTTP layer puts them in a URL), the payload naming
/// one blob and an expiry; the signature is HMAC-SHA256 over it. A link is an opaque, short-lived ticket for one image:
/// it carries no session id (a shared link hands over that image for at most the link's lifetime, never the session),
/// it is read-only, and any change breaks the signature.
/// </summary>
public sealed partial class DownloadLinks
{
    /// <summary>The source name of a session's own uploaded images.</summary>
    public const string UploadSource = "upload";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly byte[] _key;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _clock;
    private readonly CatalogImages _catalog;

    public DownloadLinks(IOptions<DownloadOptions> options, CatalogImages catalog, TimeProvider clock)
    {
        _catalog = catalog;
        _key = options.Value.SigningKey.Length > 0 ? Convert.FromBase64String(options.Value.SigningKey) : RandomNumberGenerator.GetBytes(32);
        _lifetime = TimeSpan.FromMinutes(options.Value.LinkLifetimeMinutes);
        _clock = clock;
    }

    /// <summary>A fresh token for an image of <paramref name="source"/> (catalog, web result, upload); null for an unknown source.</summary>
    public string? TokenFor(string sessionId, string source, string id, string title) => source switch
    {
        CatalogSource.SourceName => Create(_catalog.Container, CatalogImages.Blob(id), FileName(title)),
        UploadSource => Create(SessionImages.ContainerOf(sessionId), SessionImages.UploadBlob(id), FileName(title)),
        DuckDuckGoImageSource.SourceName => Create(SessionImages.ContainerOf(sessionId), SessionImages.ResultBlob(id), FileName(title)),
        _ => null,
    };

    public string Create(string container, string blob, string fileName)
    {
        var ticket = new DownloadTicket(container, blob, fileName, (_clock.GetUtcNow() + _lifetime).ToUnixTimeSeconds());
        var payload = JsonSerializer.SerializeToUtf8Bytes(ticket, Json);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload));
    }

    /// <summary>"Red apple (1)!" → "red-apple-1.jpg".</summary>
    public static string FileName(string title)
    {
        var slug = NotSlug().Replace(title.ToLowerInvariant(), "-").Trim('-');
        return (slug.Length == 0 ? "image" : slug[..Math.Min(slug.Length, 60)]) + ".jpg";
    }

    /// <summary>The ticket of a genuine, unexpired link; otherwise a 403 problem.</summary>
    public DownloadTicket Verify(string token)
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
        if (_clock.GetUtcNow().ToUnixTimeSeconds() > ticket.Expires)
        {
            throw new ImageSearchException("download-link-expired", ErrorKind.Forbidden, "Download link expired", "This download link has expired; search again for a fresh one.");
        }

        return ticket;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();

    private static ImageSearchException Invalid() =>
        new("download-link-invalid", ErrorKind.Forbidden, "Invalid download link", "The download link is not valid.");
}
