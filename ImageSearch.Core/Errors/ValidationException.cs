namespace ImageSearch.Core.Errors;

/// <summary>The request is malformed or breaks a limit.</summary>
public sealed class RequestValidationException(string type, string detail, int statusCode = 400)
    : ImageSearchException(type, "Invalid request", statusCode, detail);
