namespace ImageSearch.Core.Sessions;

/// <summary>An image uploaded to a session: its clean JPEG is blob <see cref="BlobName"/> of the session container.</summary>
public sealed record SessionUpload(string Id, string FileName, int Width, int Height, string ContentHash, string Caption, string CaptionModel)
{
    public string BlobName => $"uploads/{Id}.jpg";
}
