namespace ImageSearch.Core.Errors;

/// <summary>
/// An error the client can act on. <see cref="Type"/> is stable (it becomes the problem type URI
/// <c>https://imagesearch.dev/problems/{Type}</c>); <see cref="StatusCode"/> is always 4xx or 503.
/// </summary>
public class ImageSearchException(string type, string title, int statusCode, string detail, Exception? inner = null)
    : Exception(detail, inner)
{
    public string Type { get; } = type;

    public string Title { get; } = title;

    public int StatusCode { get; } = statusCode;

    public string Detail { get; } = detail;
}
