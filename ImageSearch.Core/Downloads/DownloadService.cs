using Azure;
using ImageSearch.Core.Errors;
using ImageSearch.Core.Sessions;
using ImageSearch.Core.Storage;

namespace ImageSearch.Core.Downloads;

/// <summary>Serves the JPEG behind a signed link, only to the session it was issued to, only while that session lives.</summary>
public sealed class DownloadService(ISessionStore sessions, DownloadLinks links, StorageClients storage)
{
    public async Task<(BinaryData Jpeg, string FileName)> OpenAsync(string sessionId, string token, CancellationToken cancellationToken)
    {
        await sessions.TouchAsync(sessionId, cancellationToken);
        var ticket = links.Verify(sessionId, token);
        try
        {
            var content = await storage.Blobs.GetBlobContainerClient(ticket.Container).GetBlobClient(ticket.Blob).DownloadContentAsync(cancellationToken);
            return (content.Value.Content, ticket.FileName);
        }
        catch (RequestFailedException e) when (e.Status is 404)
        {
            throw new ImageSearchException("image-not-found", ErrorKind.NotFound, "Image not found", "The image no longer exists (reset or expired).");
        }
    }
}
