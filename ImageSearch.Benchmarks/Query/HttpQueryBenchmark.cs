using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSearch.Benchmarks.Infrastructure;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Models.Embedded;
using ImageSearch.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Benchmarks.Query;

/// <summary>
/// The full server: the real app on Kestrel against Azurite holding 10,000 catalog rows (written through CatalogStore),
/// POST /api/sessions/current/search (the Session-Id header form) from an HttpClient in this process, one query at a time, a new session every 10 queries.
/// Each query is also run through the in-process path (the app's own MiniLM + index) right after, so the two are
/// compared under the same load.
/// </summary>
internal static class HttpQueryBenchmark
{
    private const int QueriesPerSession = 10;

    public static async Task RunAsync(BenchOptions options)
    {
        var runs = options.Runs ?? 3;
        var queryCount = options.Queries ?? 250;
        await using var azurite = await Azurite.StartAsync();
        var storage = TestStorage.Unique(azurite);
        IReadOnlyList<CatalogItem> items;
        using (var text = Models.MiniLm())
        using (var image = Models.ResNet())
        {
            items = SyntheticCatalog.LoadOrBuild(QueryBenchmarks.CatalogSize, text, image);
        }

        await InsertAsync(storage, items);
        await using var app = await BenchApp.StartAsync(storage);
        var stamps = DemoStamp.All().Select(s => (s.Title, s.Category)).ToList();

        var session = await CreateSessionAsync(app.Client);
        var first = await SearchAsync(app.Client, session, "a koala");
        Console.WriteLine($"First search (loads MiniLM and the 10,000-row index): {first.ElapsedMs:0} ms; server: {Format(first.Stages)}");
        foreach (var query in QueryTexts.Generate(stamps, 100, seed: 3)) // warm-up: also lets the JIT tier up the scan loop
        {
            await SearchAsync(app.Client, session, query);
        }

        var health = await app.Client.GetFromJsonAsync<JsonElement>("api/health");
        Console.WriteLine($"Catalog size reported by /api/health: {health.GetProperty("catalogSize").GetInt32()}");

        var miniLm = app.Services.GetRequiredService<MiniLmTextEmbedder>();
        var indexProvider = app.Services.GetRequiredService<CatalogIndexProvider>();
        var queries = QueryTexts.Generate(stamps, queryCount, seed: 11);
        for (var run = 1; run <= runs; run++)
        {
            var http = new List<double>();
            var inProcess = new List<double>();
            var stages = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            for (var i = 0; i < queries.Length; i++)
            {
                if (i % QueriesPerSession == 0)
                {
                    session = await CreateSessionAsync(app.Client);
                }

                var result = await SearchAsync(app.Client, session, queries[i]);
                http.Add(result.ElapsedMs);
                foreach (var (stage, ms) in result.Stages.Append(("server total", result.Stages.Sum(s => s.Ms))))
                {
                    (stages.TryGetValue(stage, out var list) ? list : stages[stage] = []).Add(ms);
                }

                var started = Stopwatch.GetTimestamp();
                var vector = (await miniLm.EmbedAsync([queries[i]], CancellationToken.None))[0];
                (await indexProvider.GetAsync(CancellationToken.None)).Nearest(vector, 20);
                inProcess.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            var httpStats = Distribution.Of(http);
            var inProcessStats = Distribution.Of(inProcess);
            Console.WriteLine($"Run {run}/{runs} (load {Machine.LoadAverage()}):");
            Console.WriteLine($"  HTTP end to end      {httpStats}");
            Console.WriteLine($"  in process (embed+k) {inProcessStats}");
            foreach (var (stage, values) in stages)
            {
                Console.WriteLine($"  server {stage,-13} {Distribution.Of(values)}");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  p50 HTTP / in process = {httpStats.P50 / inProcessStats.P50:0.00}"));
        }
    }

    /// <summary>Writes the items through CatalogStore (blob, row, version row each), 16 at a time; the blob is a tiny placeholder JPEG.</summary>
    private static async Task InsertAsync(StorageOptions options, IReadOnlyList<CatalogItem> items)
    {
        var clients = new StorageClients(Microsoft.Extensions.Options.Options.Create(options));
        await clients.EnsureCreatedAsync(CancellationToken.None);
        var store = new CatalogStore(clients, new CatalogImages(new JpegBlobs(clients), Microsoft.Extensions.Options.Options.Create(options)));
        using var placeholder = new Image<Rgb24>(16, 16, new Rgb24(200, 200, 200));
        using var jpeg = new MemoryStream();
        await placeholder.SaveAsJpegAsync(jpeg);
        var bytes = jpeg.ToArray();

        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, ct) => await store.SaveAsync(item, bytes, ct));
        Console.WriteLine($"Inserted {items.Count} catalog rows into Azurite in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
    }

    private static async Task<string> CreateSessionAsync(HttpClient client)
    {
        using var response = await client.PostAsync(new Uri("api/sessions", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString()!;
    }

    private static async Task<(double ElapsedMs, (string Stage, double Ms)[] Stages)> SearchAsync(HttpClient client, string session, string query)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(SessionCall.Post(session, "/search", JsonContent.Create(new { query, top = 10 })));
        var body = await response.Content.ReadAsStringAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        using var json = response.IsSuccessStatusCode ? JsonDocument.Parse(body) : null;
        if (json is null || json.RootElement.GetProperty("results").GetArrayLength() == 0)
        {
            throw new InvalidOperationException($"Search '{query}' failed or found nothing: {(int)response.StatusCode} {body}");
        }

        return (elapsed, ParseServerTiming(response.Headers.TryGetValues("Server-Timing", out var values) ? string.Join(",", values) : ""));
    }

    /// <summary>"session;dur=3.1, embed;dur=12.0" → (session, 3.1), (embed, 12.0).</summary>
    private static (string Stage, double Ms)[] ParseServerTiming(string header) =>
        header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(entry => entry.Split(';', StringSplitOptions.TrimEntries))
            .Select(parts => (parts[0], double.Parse(parts.Single(p => p.StartsWith("dur=", StringComparison.Ordinal))[4..], CultureInfo.InvariantCulture)))
            .ToArray();

    private static string Format((string Stage, double Ms)[] stages) =>
        string.Join(", ", stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Stage} {s.Ms:0.0} ms")));
}
