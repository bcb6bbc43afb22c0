using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ImageSearch.Core.Sources.Web;

/// <summary>
/// DuckDuckGo image search the way its well-known clients do it: the HTML page for the query carries a <c>vqd</c> token,
/// then <c>i.js?o=json&amp;q=…&amp;l=…&amp;vqd=…&amp;p=…&amp;s=…</c> returns pages of about 100 results. Retries with
/// backoff on rate limiting and the circuit breaker live in the "duckduckgo" HttpClient's resilience handler
/// (<see cref="DuckDuckGoResilience"/>); whatever still fails becomes <see cref="SourceUnavailableException"/>.
/// Neither the query nor the URLs are logged.
/// </summary>
public sealed partial class DuckDuckGoClient(IHttpClientFactory clients, IOptions<DuckDuckGoOptions> options, ILogger<DuckDuckGoClient> logger)
{
    public const string ClientName = "duckduckgo";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Up to about <paramref name="max"/> results (whole pages), in DuckDuckGo's order.</summary>
    public async Task<IReadOnlyList<DuckDuckGoResult>> SearchAsync(string query, int max, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var client = clients.CreateClient(ClientName);
        try
        {
            var token = await GetTokenAsync(client, query, cancellationToken);
            var results = new List<DuckDuckGoResult>();
            var offset = "0";
            for (var page = 0; page < settings.MaxPages && results.Count < max; page++)
            {
                var body = await GetAsync(client, PageUrl(settings, query, token, offset), cancellationToken);
                var parsed = JsonSerializer.Deserialize<DuckDuckGoPage>(body, Json);
                var before = results.Count;
                results.AddRange(parsed?.Valid() ?? []);
                if (parsed?.Next is not { } next || NextOffset().Match(next) is not { Success: true } match || results.Count == before)
                {
                    break;
                }

                offset = match.Groups[1].Value;
            }

            LogSearched(results.Count);
            return results;
        }
        catch (BrokenCircuitException e)
        {
            throw Unavailable("circuit open after repeated failures", e);
        }
        catch (TimeoutRejectedException e)
        {
            throw Unavailable("no answer in time", e);
        }
        catch (HttpRequestException e)
        {
            throw Unavailable($"request failed ({e.HttpRequestError})", e);
        }
        catch (JsonException e)
        {
            throw Unavailable("unexpected i.js response", e);
        }
    }

    /// <summary>The <c>vqd</c> token of a query, from its HTML page.</summary>
    private async Task<string> GetTokenAsync(HttpClient client, string query, CancellationToken cancellationToken)
    {
        var url = new Uri(options.Value.BaseUrl, "/?q=" + Uri.EscapeDataString(query));
        var html = await GetAsync(client, url, cancellationToken);
        return VqdToken().Match(html) is { Success: true } match
            ? match.Groups[1].Value
            : throw Unavailable("no vqd token in the search page", null);
    }

    private async Task<string> GetAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", options.Value.UserAgent);
        request.Headers.TryAddWithoutValidation("Referer", new Uri(options.Value.BaseUrl, "/").AbsoluteUri);
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/javascript, */*; q=0.01");
        request.Headers.TryAddWithoutValidation("Accept-Language", "en-US,en;q=0.9");
        using var response = await client.SendAsync(request, cancellationToken);
        if (IsRateLimited(response.StatusCode))
        {
            throw Unavailable($"rate limited (HTTP {(int)response.StatusCode}) after retries", null);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw Unavailable($"HTTP {(int)response.StatusCode}", null);
        }

        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>DuckDuckGo answers 202, 403, 418 or 429 when it throttles a client.</summary>
    public static bool IsRateLimited(HttpStatusCode status) =>
        status is HttpStatusCode.Accepted or HttpStatusCode.Forbidden or (HttpStatusCode)418 or HttpStatusCode.TooManyRequests;

    private static Uri PageUrl(DuckDuckGoOptions settings, string query, string token, string offset) =>
        new(settings.BaseUrl, string.Create(CultureInfo.InvariantCulture,
            $"/i.js?o=json&q={Uri.EscapeDataString(query)}&l={settings.Region}&vqd={Uri.EscapeDataString(token)}&p={settings.SafeSearch}&s={offset}"));

    private SourceUnavailableException Unavailable(string reason, Exception? inner)
    {
        LogUnavailable(reason);
        return new SourceUnavailableException(DuckDuckGoImageSource.SourceName, reason, inner);
    }

    /// <summary>The token as the page embeds it: <c>vqd="4-123…"</c>, <c>vqd='…'</c> or <c>vqd=4-123…&amp;</c>.</summary>
    [GeneratedRegex(@"vqd=[""']?([\w-]+)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex VqdToken();

    [GeneratedRegex(@"[?&]s=(\d{1,6})(?:&|$)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NextOffset();

    [LoggerMessage(Level = LogLevel.Debug, Message = "DuckDuckGo returned {ResultCount} image results")]
    private partial void LogSearched(int resultCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DuckDuckGo unavailable: {Reason}")]
    private partial void LogUnavailable(string reason);
}
