using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSearch.Benchmarks.Infrastructure;

namespace ImageSearch.Benchmarks.Scale;

/// <summary>The scale benchmark's HTTP calls to the app: a session, a text search (its time, result ids, tier, Server-Timing).</summary>
internal sealed class ScaleClient(HttpClient client)
{
    public const int Top = 10;

    public HttpClient Http => client;

    public async Task<string> CreateSessionAsync()
    {
        using var response = await client.PostAsync(new Uri("api/sessions", UriKind.Relative), null);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/sessions: {(int)response.StatusCode} {body}");
        }

        return JsonDocument.Parse(body).RootElement.GetProperty("sessionId").GetString()!;
    }

    /// <summary>One search with the app's defaults (20 candidates, no autocut, no floor: the top 10 by exact score of the candidates).</summary>
    public async Task<SearchAnswer> SearchAsync(string session, string query)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(SessionCall.Post(session, "/search", JsonContent.Create(new { query, top = Top })));
        var body = await response.Content.ReadAsStringAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Search '{query}': {(int)response.StatusCode} {body[..Math.Min(400, body.Length)]}");
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        string[] ids = [.. root.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
        var timing = response.Headers.TryGetValues("Server-Timing", out var values) ? string.Join(", ", values) : "";
        return new SearchAnswer(elapsed, ids, root.GetProperty("ranking").GetProperty("tier").GetString() ?? "", timing);
    }
}

internal sealed record SearchAnswer(double ElapsedMs, string[] Ids, string Tier, string ServerTiming);
