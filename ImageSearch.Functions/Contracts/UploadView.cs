using ImageSearch.Core.Downloads;
using ImageSearch.Core.Sessions;
using ImageSearch.Functions.Http;

namespace ImageSearch.Functions.Contracts;

/// <summary>An uploaded image as the API shows it.</summary>
public sealed record UploadView(string Id, string FileName, int Width, int Height, string Caption, string CaptionModel, string? DownloadUrl)
{
    public static UploadView From(string sessionId, SessionUpload upload, ApiLinks links) =>
        new(upload.Id, upload.FileName, upload.Width, upload.Height, upload.Caption, upload.CaptionModel,
            links.Download(sessionId, DownloadLinks.UploadSource, upload.Id, Path.GetFileNameWithoutExtension(upload.FileName)));
}
