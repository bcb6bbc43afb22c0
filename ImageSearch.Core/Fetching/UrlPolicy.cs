namespace ImageSearch.Core.Fetching;

/// <summary>
/// Checks on a URL before any request is made: absolute http(s), no user info, port 80 or 443 only (web images are
/// served there; any other port on a public host is how SSRF reaches SSH, Redis and friends), no blocked IP literal.
/// </summary>
public static class UrlPolicy
{
    /// <summary>A redirect may not leave https for plain http (a downgrade exposes the rest of the chain to tampering).</summary>
    public static void CheckRedirect(Uri from, Uri to)
    {
        if (from.Scheme == Uri.UriSchemeHttps && to.Scheme == Uri.UriSchemeHttp)
        {
            throw new FetchRejectedException(FetchRejection.BadScheme, HostOf(from), "a redirect from https to http is not followed");
        }
    }

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

        // Local test servers listen on ephemeral ports; the loopback permission exists only for tests and benchmarks.
        if (!allowLoopback && url.Port is not (80 or 443))
        {
            throw new FetchRejectedException(FetchRejection.BlockedAddress, HostOf(url), $"port {url.Port} is not fetched (only 80 and 443)");
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
