using System.Collections.Concurrent;
using ImageSearch.Tests.Contract;
using Microsoft.Net.Http.Headers;
using Microsoft.Playwright;

namespace ImageSearch.Tests.Browser;

/// <summary>
/// Checks every API response a page receives (its searches, uploads, images, downloads) against the contract, as the test
/// HTTP client does for the API tests, and that no request URL of the page carries a session id;
/// <see cref="ViolationsAsync"/> lists what broke it once the test is done.
/// </summary>
public sealed class PageApiContract
{
    /// <summary>How long a response's end and body are awaited; a finished response's body is there long before.</summary>
    private static readonly TimeSpan BodyTimeout = TimeSpan.FromSeconds(15);

    private readonly ConcurrentQueue<Task<IReadOnlyList<string>>> _checks = new();

    public void Watch(IPage page) => page.Response += (_, response) =>
    {
        if (new Uri(response.Url).AbsolutePath.StartsWith("/api/", StringComparison.Ordinal))
        {
            _checks.Enqueue(CheckAsync(response));
        }
    };

    public async Task<IReadOnlyList<string>> ViolationsAsync() =>
        [.. (await Task.WhenAll(_checks)).SelectMany(v => v)];

    private static async Task<IReadOnlyList<string>> CheckAsync(IResponse response)
    {
        var headers = new Dictionary<string, string>(await response.AllHeadersAsync(), StringComparer.OrdinalIgnoreCase);
        byte[]? body = null; // none to check: status and headers still are
        try
        {
            // Only a finished response has its whole body; one the page aborted after its headers fails instead.
            if (await response.FinishedAsync().WaitAsync(BodyTimeout) is null)
            {
                body = await response.BodyAsync().WaitAsync(BodyTimeout);
            }
        }
        catch (TimeoutException)
        {
            // Seen for POST /api/sessions (201) while the test held the page's search request in a route: the browser
            // never reported that response's end, and BodyAsync waited forever in the test's clean-up (a full run hung
            // with the CPU idle; dumpasync showed this call). Its status and headers are checked; its body cannot be.
            Console.WriteLine($"API contract: the body of {response.Request.Method} {new Uri(response.Url).AbsolutePath} ({response.Status}) was not checked: the browser did not report its end within {BodyTimeout.TotalSeconds:0} s");
        }
        catch (PlaywrightException)
        {
            // a download the browser took over, or a page that went away
        }

        var mediaType = headers.TryGetValue("content-type", out var type) && MediaTypeHeaderValue.TryParse(type, out var parsed)
            ? parsed.MediaType.Value
            : null;
        var path = new Uri(response.Url).AbsolutePath;
        return [
            .. SessionIdInPath(path),
            .. ContractValidator.Validate(new ApiExchange(response.Request.Method, path, response.Status, headers, mediaType, body)),
        ];
    }

    /// <summary>The page names its session with <c>current</c> and the Session-Id header: a session id never goes into a URL.</summary>
    private static IEnumerable<string> SessionIdInPath(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is ["api", "sessions", var session, ..] && session != "current")
        {
            yield return $"{path}: the page put a session id into a URL instead of the Session-Id header";
        }
    }
}
