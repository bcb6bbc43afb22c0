using ImageSearch.Core.Errors;
using ImageSearch.Core.Sessions;
using ImageSearch.Core.Storage;

namespace ImageSearch.Core.Downloads;

/// <summary>Serves the JPEG behind a signed link, only to the session it was issued to, only while that session lives.</summary>
public sealed class DownloadService(ISessionStore sessions, DownloadLinks links, JpegBlobs blobs)
{
    public async Task<(BinaryData Jpeg, string FileName)> OpenAsync(string sessionId, string token, CancellationToken cancellationToken)
    {
        await sessions.TouchAsync(sessionId, cancellationToken);
        var ticket = links.Verify(sessionId, token);
        var jpeg = await blobs.ReadAsync(ticket.Container, ticket.Blob, cancellationToken)
            ?? throw new ImageSearchException("image-not-found", ErrorKind.NotFound, "Image not found", "The image no longer exists (reset or expired).");
        return (jpeg, ticket.FileName);
    }
}
