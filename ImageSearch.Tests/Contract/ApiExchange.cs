namespace ImageSearch.Tests.Contract;

/// <summary>
/// One API request and the response it got, as far as the contract speaks about it: the response headers (content headers
/// included, names compared case-insensitively), the media type without parameters (null when the response had none) and
/// the body (null when it cannot be had, as for a download the browser took over).
/// </summary>
public sealed record ApiExchange(
    string Method, string Path, int Status, IReadOnlyDictionary<string, string> Headers, string? MediaType, byte[]? Body)
{
    public override string ToString() => $"{Method} {Path} → {Status} {MediaType}";
}
