namespace ImageSearch.Core.Fetching;

/// <summary>A remote image after the safe fetch: decoded under the upload limits and re-encoded as a clean JPEG.</summary>
public sealed record FetchedImage(Uri Url, byte[] Jpeg, string ContentHash, int Width, int Height, string SourceFormat, int Redirects);
