namespace ImageSearch.Core.Search;

/// <summary>An uploaded image as the API shows it.</summary>
public sealed record UploadView(string Id, string FileName, int Width, int Height, string Caption, string CaptionModel, string? DownloadUrl);
