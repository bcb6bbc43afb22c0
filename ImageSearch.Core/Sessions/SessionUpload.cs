namespace ImageSearch.Core.Sessions;

/// <summary>An image uploaded to a session (its clean JPEG is in the session's container, see <c>Storage.SessionImages</c>).</summary>
public sealed record SessionUpload(string Id, string FileName, int Width, int Height, string ContentHash, string Caption, string CaptionModel);
