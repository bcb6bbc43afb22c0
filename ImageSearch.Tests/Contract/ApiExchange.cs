namespace ImageSearch.Tests.Contract;

/// <summary>
/// One API request and the response it got, as far as the contract speaks about it: the response headers (content headers
/// included, names compared case-insensitively) and the media type without parameters (null when the response had none).
/// </summary>
public sealed record ApiExchange(
    string Method, string Path, int Status, IReadOnlyDictionary<string, string> Headers, string? MediaType, byte[] Body)
{
    public override string ToString() => $"{Method} {Path} → {Status} {MediaType}";
}
