namespace ImageSearch.Core.Errors;

/// <summary>The session id is malformed, unknown, expired or deleted. Callers cannot tell which, by design.</summary>
public sealed class SessionNotFoundException() : ImageSearchException("session-not-found", ErrorKind.NotFound, "Session not found",
    "The session does not exist or has expired. Create a new session.");
