namespace ImageSearch.Core.Fetching;

/// <summary>Checks on a URL before any request is made: absolute http(s), no user info, no blocked IP literal.</summary>
public static class UrlPolicy
{
    public static void Check(Uri url, bool allowLoopback)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new FetchRejectedException(FetchRejection.BadScheme, HostOf(url), "only http and https URLs are fetched");
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            throw new FetchRejectedException(FetchRejection.Credentials, HostOf(url), "URLs with credentials are not fetched");
        }

        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            && System.Net.IPAddress.TryParse(url.DnsSafeHost, out var literal)
            && AddressPolicy.BlockedRange(literal, allowLoopback) is { } range)
        {
            throw new FetchRejectedException(FetchRejection.BlockedAddress, HostOf(url), $"{literal} is in a blocked range ({range})");
        }
    }

    /// <summary>The host of a URL, the only part of a remote URL that is logged (paths and queries can carry tokens).</summary>
    public static string HostOf(Uri url) => url.IsAbsoluteUri ? url.Host : "(relative)";
}
