namespace ImageSearch.Core.Errors;

/// <summary>
/// An error the client can act on. <see cref="Code"/> is stable (the HTTP layer turns it into the problem type
/// <c>https://imagesearch.dev/problems/{Code}</c>); <see cref="Kind"/> says what sort of failure it is, and with it the status.
/// </summary>
public class ImageSearchException(
    string code, ErrorKind kind, string title, string detail, Exception? inner = null, int? retryAfterSeconds = null)
    : Exception(detail, inner)
{
    public string Code { get; } = code;

    public ErrorKind Kind { get; } = kind;

    public string Title { get; } = title;

    public string Detail { get; } = detail;

    /// <summary>When a retry may succeed, in whole seconds (the HTTP layer sends it as <c>Retry-After</c>); null = not a retry case.</summary>
    public int? RetryAfterSeconds { get; } = retryAfterSeconds;
}
