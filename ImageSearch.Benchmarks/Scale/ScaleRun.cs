using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSearch.Benchmarks.Infrastructure;
using ImageSearch.Benchmarks.Query;
using ImageSearch.Core.Storage;
using Microsoft.Extensions.Options;

namespace ImageSearch.Benchmarks.Scale;

/// <summary>
/// One measured run of the real app (separate process, Release build, standalone, embedded tier, web source off) against a
/// cached catalog: a persisted blob service holding its snapshot and a fresh in-memory table service. Measures process start
/// → first search answered, the app's RSS after it, warm searches over HTTP, idle p99 and p99 while a bulk import runs,
/// the import's rate, and keeps the warm searches' result ids for recall (computed after the app has stopped).
/// </summary>
internal static class ScaleRun
{
    private const int WarmUp = 50;
    private const int QueriesPerSession = 10;

    public static async Task<ScaleFigures> RunAsync(string folder, ScaleOptions options)
    {
        var figures = new ScaleFigures();
        await using var blob = await AzuriteService.StartBlobAsync(ScaleCatalogInfo.BlobFolder(folder));
        await using var table = await AzuriteService.StartTableAsync();
        var storage = ScaleCatalog.Storage(AzuriteService.ConnectionString(blob, table));
        await new StorageClients(Options.Create(storage)).EnsureCreatedAsync(CancellationToken.None);

        var stamps = DemoStamp.All();
        var pool = QueryTexts.Generate([.. stamps.Select(s => (s.Title, s.Category))], 8_000, seed: 13).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var photos = stamps.Select(s => (s, File.ReadAllBytes(s.Path))).ToList();
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };

        figures.LoadAtStart = Machine.LoadAverage();
        var started = Stopwatch.GetTimestamp();
        await using var app = AppProcess.Start(storage, Settings);
        http.BaseAddress = app.BaseAddress;
        var client = new ScaleClient(http);
        await app.WaitForHealthyAsync(http, TimeSpan.FromMinutes(10), TimeSpan.FromMilliseconds(50));
        figures.HealthSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var first = await client.SearchAsync(await client.CreateSessionAsync(), "a koala");
        figures.FirstSearchSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        (figures.RssMiB, figures.PeakRssMiB) = app.Memory();
        figures.FirstSearchTiming = first.ServerTiming;
        figures.Tier = first.Tier;
        // The table is empty: every item the app holds came from the snapshot. Its log line says how long the load took.
        figures.CatalogSize = (await http.GetFromJsonAsync<JsonElement>("api/health")).GetProperty("catalogSize").GetInt32();
        figures.AppLoadLine = app.FirstLines().Split('\n').FirstOrDefault(l => l.Contains("Loaded catalog index", StringComparison.Ordinal))?.Trim() ?? "(no log line)";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  first search answered {figures.FirstSearchSeconds:0.00} s after the process start (health 200 at {figures.HealthSeconds:0.00} s), RSS {figures.RssMiB:0} MiB, load {Machine.LoadAverage()}"));

        var (session, asked) = ("", 0);
        async Task<SearchAnswer> Next(string query)
        {
            if (asked++ % QueriesPerSession == 0)
            {
                session = await client.CreateSessionAsync();
            }

            return await client.SearchAsync(session, query);
        }

        var searchQueries = pool.Skip(WarmUp + options.Queries).ToArray();
        async Task<(double Rate, Distribution Searches, string Slowest)> ImportWithSearchesAsync(IReadOnlyList<(DemoStamp Stamp, byte[] Bytes)> batch)
        {
            var times = new List<(double At, double Ms)>();
            var begun = Stopwatch.GetTimestamp();
            using var done = new CancellationTokenSource();
            var searching = Task.Run(async () =>
            {
                for (var i = 0; !done.IsCancellationRequested; i++)
                {
                    var at = Stopwatch.GetElapsedTime(begun).TotalSeconds;
                    times.Add((at, (await Next(searchQueries[i % searchQueries.Length])).ElapsedMs));
                }
            });
            var rate = await ScaleImport.BatchesAsync(http, batch);
            await done.CancelAsync();
            await searching;
            var slowest = string.Join(", ", times.OrderByDescending(t => t.Ms).Take(12).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Ms:0}@{t.At:0.0}")));
            return (rate, Distribution.Of([.. times.Select(t => t.Ms)]), slowest);
        }

        foreach (var query in pool.Take(WarmUp))
        {
            await Next(query);
        }

        var idle = pool.Skip(WarmUp).Take(options.Queries).ToArray();
        var idleTimes = new List<double>();
        foreach (var query in idle)
        {
            var answer = await Next(query);
            idleTimes.Add(answer.ElapsedMs);
            figures.Answers.Add((query, answer.Ids));
        }

        figures.Idle = Distribution.Of(idleTimes);
        figures.LoadIdle = Machine.LoadAverage();
        Console.WriteLine($"  warm searches, idle: {figures.Idle} ms, load {figures.LoadIdle}");

        // The first import batch of a fresh process loads the image model and compiles the import path: measured on its own,
        // so the bulk import below shows the steady state (a cold instance pays that stall once, on its first import).
        var cold = await ImportWithSearchesAsync(photos.Take(ScaleImport.BatchSize).ToList());
        figures.FirstBatchSearches = cold.Searches;
        Console.WriteLine($"  first import batch ({ScaleImport.BatchSize} photos, cold import path) with searches running: searches meanwhile {cold.Searches} ms");

        // The bulk import with searches running back to back; then each import path alone (the ratio of the table).
        var bulk = await ImportWithSearchesAsync(photos);
        (figures.ImportWithSearches, figures.DuringImport) = (bulk.Rate, bulk.Searches);
        Console.WriteLine("  slowest searches during the import (ms @ s into it): " + bulk.Slowest);
        figures.LoadImport = Machine.LoadAverage();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  bulk import of {photos.Count} photos with searches running: {figures.ImportWithSearches:0.00} images/s; searches meanwhile {figures.DuringImport} ms, load {figures.LoadImport}"));

        if (options.ImportRatio)
        {
            figures.ItemsAlone = await ScaleImport.ItemsAsync(http, photos);
            figures.BatchesAlone = await ScaleImport.BatchesAsync(http, photos);
            figures.LoadRatio = Machine.LoadAverage();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  alone: items endpoint x2 {figures.ItemsAlone:0.00} images/s, batches {ScaleImport.BatchSize} x{ScaleImport.InFlight} {figures.BatchesAlone:0.00} images/s, load {figures.LoadRatio}"));
        }

        (figures.RssAfterImportMiB, figures.PeakRssMiB) = app.Memory();

        // Once the decode slots have been quiet a while, the app gives the imports' memory back with one blocking full
        // collection (DecodeMemoryRelief): how long that pause is at this catalog size is a search latency figure too.
        var relieved = Stopwatch.GetTimestamp();
        while (app.ReliefLines().Count == 0 && Stopwatch.GetElapsedTime(relieved) < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        figures.ReliefLines = app.ReliefLines();
        return figures;
    }

    /// <summary>
    /// The app as deployed except: web source off, quotas off (one client address sends everything), and the snapshot
    /// scheduler held back (its quiet period and change count out of reach), so the run's imports never replace the cached
    /// snapshot (an empty table would otherwise become the next snapshot).
    /// </summary>
    private static readonly (string, string)[] Settings =
    [
        ("Search__Sources", "catalog"),
        ("Catalog__SnapshotQuietSeconds", "86400"), ("Catalog__SnapshotMinChanges", "100000000"),
        ("Quotas__SessionsPerMinutePerClient", "0"), ("Quotas__SearchesPerMinutePerClient", "0"),
        ("Quotas__SearchesPerMinutePerSession", "0"), ("Quotas__UploadsPerMinutePerClient", "0"),
    ];
}
