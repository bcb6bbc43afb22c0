using ImageSearch.Functions.Http;

namespace ImageSearch.Benchmarks.Infrastructure;

/// <summary>
/// A call on a session as the page makes it: <see cref="SessionIdentity.Current"/> in the path and the id in the
/// <see cref="SessionIdentity.HeaderName"/> header — the only form a deployment from the bicep template takes.
/// </summary>
internal static class SessionCall
{
    /// <summary>A POST of <paramref name="content"/> to <c>api/sessions/current{operation}</c> (relative to <paramref name="baseAddress"/> when given).</summary>
    public static HttpRequestMessage Post(string sessionId, string operation, HttpContent content, Uri? baseAddress = null)
    {
        var path = $"api/sessions/{SessionIdentity.Current}{operation}";
        var request = new HttpRequestMessage(HttpMethod.Post, baseAddress is null ? new Uri(path, UriKind.Relative) : new Uri(baseAddress, path))
        {
            Content = content,
        };
        request.Headers.Add(SessionIdentity.HeaderName, sessionId);
        return request;
    }
}
