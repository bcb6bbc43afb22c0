namespace ImageSearch.Core.Errors;

/// <summary>The session changed between read and write (another request updated it); nothing of this request was applied.</summary>
public sealed class SessionConflictException() : ImageSearchException("session-conflict", ErrorKind.Conflict, "Session was modified concurrently",
    "Another request changed this session at the same time. Nothing was applied; retry the request.");
