namespace ImageSearch.Core.Downloads;

/// <summary>What a download link grants: one blob, to one session, until <see cref="Expires"/>.</summary>
public sealed record DownloadTicket(string SessionTag, string Container, string Blob, string FileName, long Expires);
