namespace ImageSearch.Core.Fetching;

/// <summary>Why a remote image was not accepted.</summary>
public enum FetchRejection
{
    /// <summary>The host resolved to (or is) an address the <see cref="AddressPolicy"/> blocks; nothing was connected.</summary>
    BlockedAddress,

    /// <summary>Not http or https.</summary>
    BadScheme,

    /// <summary>User name or password in the URL.</summary>
    Credentials,

    /// <summary>Body over the byte limit, or the image over the pixel limit.</summary>
    TooLarge,

    /// <summary>Connect or total timeout.</summary>
    Timeout,

    /// <summary>The bytes are not a JPEG, PNG, GIF, WebP or BMP image (whatever the headers said), or they do not decode.</summary>
    NotAnImage,

    /// <summary>A non-success HTTP status (other than a followed redirect).</summary>
    HttpError,

    /// <summary>More redirects than allowed, or a redirect without a usable Location.</summary>
    TooManyRedirects,

    /// <summary>DNS failed, the connection was refused or reset, TLS failed.</summary>
    Unreachable,
}
