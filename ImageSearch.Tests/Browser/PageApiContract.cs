using System.Collections.Concurrent;
using ImageSearch.Tests.Contract;
using Microsoft.Net.Http.Headers;
using Microsoft.Playwright;

namespace ImageSearch.Tests.Browser;

/// <summary>
/// Checks every API response a page receives (its searches, uploads, images, downloads) against the contract, as the test
/// HTTP client does for the API tests; <see cref="ViolationsAsync"/> lists what broke it once the test is done.
/// </summary>
public sealed class PageApiContract
{
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
        byte[]? body;
        try
        {
            body = await response.BodyAsync();
        }
        catch (PlaywrightException)
        {
            body = null; // a download the browser took over, or a page that went away: status and headers are still checked
        }

        var mediaType = headers.TryGetValue("content-type", out var type) && MediaTypeHeaderValue.TryParse(type, out var parsed)
            ? parsed.MediaType.Value
            : null;
        return ContractValidator.Validate(
            new ApiExchange(response.Request.Method, new Uri(response.Url).AbsolutePath, response.Status, headers, mediaType, body));
    }
}
