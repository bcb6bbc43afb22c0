namespace ImageSearch.Core.Downloads;

/// <summary>What a download link grants: one blob, to whoever holds the link, until <see cref="Expires"/>.</summary>
public sealed record DownloadTicket(string Container, string Blob, string FileName, long Expires);
