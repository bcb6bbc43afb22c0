using System.Diagnostics;
using System.Globalization;
using ImageSearch.Core;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Fetching;
using ImageSearch.Core.Ranking;
using ImageSearch.Core.Sources;
using ImageSearch.Core.Sources.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Benchmarks.Web;

/// <summary>
/// A 30-candidate web search against local servers on 127.0.0.1: a fake DuckDuckGo and an image server that answers each
/// image after its own latency (50 to 500 ms, spread evenly, in shuffled order) with a 480×360 PNG. The real pipeline of the
/// source runs (token page, i.js, safe fetcher, decode to clean JPEG); only the cache is in memory. Prints the sum of the
/// latencies, the slowest one, and the wall time of the search for several per-search concurrency limits, then the same
/// search again from the cache. Wall-clock timing, not BenchmarkDotNet: the point is concurrency against I/O latency.
/// </summary>
public static class WebSearchBenchmark
{
    public const int Candidates = 30;
    private const int Runs = 5;

    public static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken = default)
    {
        var latencies = Latencies();
        var images = Enumerable.Range(0, Candidates).Select(Photo).ToArray();
        await using var imageServer = await StartAsync(app => app.MapGet("/img/{run:int}/{n:int}.png", async (int n, HttpContext context) =>
        {
            await Task.Delay(latencies[n], context.RequestAborted);
            return Results.Bytes(images[n], "image/png");
        }));
        var run = 0;
        var imageBase = imageServer.Urls.Single();
        await using var duckDuckGo = await StartAsync(app =>
        {
            app.MapGet("/", () => Results.Content("<script>vqd=\"4-1234567890\"</script>", "text/html"));
            app.MapGet("/i.js", () => Results.Json(new
            {
                results = Enumerable.Range(0, Candidates).Select(n => new
                {
                    title = $"Image {n}", image = $"{imageBase}/img/{Volatile.Read(ref run)}/{n}.png", thumbnail = "", url = $"https://pages.example/{n}",
                    width = 480, height = 360, source = "Bing",
                }),
            }));
        });

        await output.WriteLineAsync($"Web search, {Candidates} candidates, latencies 50-500 ms: sum {latencies.Sum()} ms, slowest {latencies.Max()} ms, {Environment.ProcessorCount} cores");
        await output.WriteLineAsync("per-search concurrency | wall time of the search, ms (median of 5, min, max) | candidates");
        foreach (var perSearch in new[] { 32, 16, 8 })
        {
            var times = new List<double>();
            var count = 0;
            for (var i = 0; i < Runs + 1; i++)
            {
                Interlocked.Increment(ref run); // new URLs: nothing cached
                await using var services = Services(duckDuckGo.Urls.Single(), perSearch);
                var (elapsed, found) = await SearchAsync(services, cancellationToken);
                if (i > 0)
                {
                    times.Add(elapsed);
                    count = found;
                }
            }

            times.Sort();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{perSearch,22} | {times[Runs / 2],8:F0} ({times[0]:F0}, {times[^1]:F0}) | {count}"));
        }

        await using var cached = Services(duckDuckGo.Urls.Single(), 32);
        await SearchAsync(cached, cancellationToken);
        var (again, hits) = await SearchAsync(cached, cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"second identical search (cache in memory): {again:F0} ms, {hits} candidates"));
        return 0;
    }

    private static async Task<(double Milliseconds, int Candidates)> SearchAsync(ServiceProvider services, CancellationToken cancellationToken)
    {
        var source = services.GetServices<IImageSource>().OfType<DuckDuckGoImageSource>().Single();
        var started = Stopwatch.GetTimestamp();
        var candidates = await source.FindAsync(new SourceQuery("benchmark", [], new CompositeQuery([]), CatalogIndex.Empty), Candidates, cancellationToken);
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, candidates.Count);
    }

    private static ServiceProvider Services(string duckDuckGoUrl, int perSearch)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DuckDuckGo:BaseUrl"] = duckDuckGoUrl,
            ["WebFetch:MaxConcurrencyPerSearch"] = perSearch.ToString(CultureInfo.InvariantCulture),
            ["WebFetch:MaxConcurrencyPerInstance"] = "64",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddImageSearch(configuration); // the app's registrations; the web image cache in memory instead of in storage
        services.AddSingleton<IWebImageCache, ImageSearch.Tests.Sources.Web.MemoryWebImageCache>();
        services.PostConfigure<SafeFetchOptions>(o => o.PermitLoopbackForLocalTesting()); // local servers only
        return services.BuildServiceProvider();
    }

    /// <summary>50..500 ms evenly spread, shuffled with a fixed seed so slow images are not all at the end.</summary>
    private static int[] Latencies()
    {
        var latencies = Enumerable.Range(0, Candidates).Select(i => 50 + (i * 450 / (Candidates - 1))).ToArray();
#pragma warning disable CA5394 // a fixed-seed shuffle for a reproducible benchmark, not security
        new Random(42).Shuffle(latencies);
#pragma warning restore CA5394
        return latencies;
    }

    private static byte[] Photo(int n)
    {
        using var image = new Image<Rgb24>(480, 360);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = new Rgb24((byte)(x + (n * 7)), (byte)(y + (n * 13)), (byte)((x * y / 64) + n));
                }
            }
        });
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    private static async Task<WebApplication> StartAsync(Action<WebApplication> routes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        routes(app);
        await app.StartAsync();
        return app;
    }
}
