namespace ImageSearch.Core.Errors;

/// <summary>What kind of failure an <see cref="ImageSearchException"/> is. The HTTP layer maps each kind to a status code.</summary>
public enum ErrorKind
{
    /// <summary>The request is malformed or breaks a limit.</summary>
    Invalid,

    /// <summary>The input is larger than a limit allows (bytes, pixels).</summary>
    TooLarge,

    /// <summary>The input is in a format the service does not accept.</summary>
    UnsupportedFormat,

    /// <summary>What the request names does not exist (or no longer).</summary>
    NotFound,

    /// <summary>The request does not fit the current state (search before refining, a concurrent change).</summary>
    Conflict,

    /// <summary>The caller may not do this (wrong key, expired link).</summary>
    Forbidden,

    /// <summary>A capability the request needs cannot run right now (no model loaded).</summary>
    Unavailable,

    /// <summary>The caller used up a quota (per client address or per session); it may retry later.</summary>
    TooManyRequests,
}
