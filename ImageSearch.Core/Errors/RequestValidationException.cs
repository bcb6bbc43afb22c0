namespace ImageSearch.Core.Errors;

/// <summary>The request is malformed or breaks a limit (<see cref="ErrorKind.Invalid"/> unless said otherwise).</summary>
public sealed class RequestValidationException(string code, string detail, ErrorKind kind = ErrorKind.Invalid)
    : ImageSearchException(code, kind, "Invalid request", detail);
