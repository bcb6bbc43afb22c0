using ImageSearch.Core.Errors;
using ImageSearch.Core.Storage;

namespace ImageSearch.Core.Downloads;

/// <summary>
/// Serves the JPEG behind a signed, short-lived link. The link names the image, not the session: an image of a session
/// exists only while the session does (its container goes with it), so a link to it dies with the session too.
/// </summary>
public sealed class DownloadService(DownloadLinks links, JpegBlobs blobs)
{
    public async Task<(BinaryData Jpeg, string FileName)> OpenAsync(string token, CancellationToken cancellationToken)
    {
        var ticket = links.Verify(token);
        var jpeg = await blobs.ReadAsync(ticket.Container, ticket.Blob, cancellationToken)
            ?? throw new ImageSearchException("image-not-found", ErrorKind.NotFound, "Image not found", "The image no longer exists (reset or expired).");
        return (jpeg, ticket.FileName);
    }
}
