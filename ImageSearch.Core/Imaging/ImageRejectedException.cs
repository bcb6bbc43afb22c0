using ImageSearch.Core.Errors;

namespace ImageSearch.Core.Imaging;

/// <summary>An image the service refuses to decode: wrong type, corrupt, too large in bytes or pixels.</summary>
public sealed class ImageRejectedException(string code, ErrorKind kind, string detail)
    : ImageSearchException(code, kind, "Image rejected", detail);
