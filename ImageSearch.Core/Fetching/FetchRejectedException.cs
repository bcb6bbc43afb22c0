namespace ImageSearch.Core.Fetching;

/// <summary>A remote image was refused or could not be fetched. <see cref="Host"/> is safe to log; the URL is not.</summary>
public sealed class FetchRejectedException(FetchRejection reason, string host, string detail, Exception? inner = null)
    : Exception($"Fetch from {host} rejected ({reason}): {detail}", inner)
{
    public FetchRejection Reason { get; } = reason;

    public string Host { get; } = host;

    public string Detail { get; } = detail;
}
