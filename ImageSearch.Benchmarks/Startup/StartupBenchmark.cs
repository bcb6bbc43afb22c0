using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSearch.Benchmarks.Infrastructure;

namespace ImageSearch.Benchmarks.Startup;

/// <summary>
/// Cold start of the built app as a separate process against an Azurite that already holds the demo catalog:
/// from Process.Start to the first 200 of GET /api/health (polled every 20 ms), then POST /api/sessions and the first
/// POST /api/sessions/current/search (loads MiniLM), then a second search for comparison.
/// </summary>
internal static class StartupBenchmark
{
    public static async Task RunAsync(BenchOptions options)
    {
        var runs = options.Runs ?? 5;
        await using var azurite = await Azurite.StartAsync();
        var storage = TestStorage.Unique(azurite);
        await ImportDemoCatalogAsync(storage);

        var health = new List<double>();
        var firstSearch = new List<double>();
        var secondSearch = new List<double>();
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        for (var run = 1; run <= runs; run++)
        {
            var load = Machine.LoadAverage();
            var started = Stopwatch.GetTimestamp();
            await using var app = AppProcess.Start(storage);
            await app.WaitForHealthyAsync(client, TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(20));
            health.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            using var created = await client.PostAsync(new Uri(app.BaseAddress, "api/sessions"), null);
            var session = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString();
            var timing = await SearchAsync(client, app.BaseAddress, session!, "a koala");
            firstSearch.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            var second = Stopwatch.GetTimestamp();
            await SearchAsync(client, app.BaseAddress, session!, "a red fire truck");
            secondSearch.Add(Stopwatch.GetElapsedTime(second).TotalMilliseconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Run {run}/{runs} (load {load}): health 200 after {health[^1]:0} ms, first search answered after {firstSearch[^1]:0} ms (Server-Timing: {timing}), second search {secondSearch[^1]:0.0} ms"));
        }

        Console.WriteLine($"start -> first 200 /api/health   {Distribution.Of(health)}");
        Console.WriteLine($"start -> first answered search   {Distribution.Of(firstSearch)}");
        Console.WriteLine($"second search (warm)             {Distribution.Of(secondSearch)}");
    }

    /// <summary>Fills the catalog once, through the app in this process (faster to set up than the script; not measured).</summary>
    private static async Task ImportDemoCatalogAsync(Core.Storage.StorageOptions storage)
    {
        var stamps = DemoStamp.All();
        await using var app = await BenchApp.StartAsync(storage);
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(stamps, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (stamp, ct) =>
        {
            using var response = await app.Client.SendAsync(stamp.ImportRequest(await File.ReadAllBytesAsync(stamp.Path, ct), BenchApp.AdminKey, BenchApp.FunctionKey), ct);
            response.EnsureSuccessStatusCode();
        });
        var size = (await app.Client.GetFromJsonAsync<JsonElement>("api/health")).GetProperty("catalogSize").GetInt32();
        Console.WriteLine($"Imported the demo catalog ({size} images) in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
    }

    private static async Task<string> SearchAsync(HttpClient client, Uri baseAddress, string session, string query)
    {
        using var response = await client.SendAsync(SessionCall.Post(session, "/search", JsonContent.Create(new { query, top = 10 }), baseAddress));
        response.EnsureSuccessStatusCode();
        return response.Headers.TryGetValues("Server-Timing", out var values) ? string.Join(", ", values) : "";
    }
}
