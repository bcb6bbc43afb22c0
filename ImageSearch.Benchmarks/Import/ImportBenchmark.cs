using System.Diagnostics;
using System.Globalization;
using ImageSearch.Benchmarks.Infrastructure;
using ImageSearch.Core;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Imaging;
using ImageSearch.Core.Models.Embedded;
using ImageSearch.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSearch.Benchmarks.Import;

/// <summary>
/// Demo catalog import throughput (images/s), each pass into fresh tables on one private Azurite, models loaded before
/// timing: stages in process (<see cref="ImportStages"/>), CatalogImporter one at a time and
/// two at a time, the admin endpoint of the app in this process (HttpClient, 2 at a time), the single-image endpoint against
/// the batch endpoint in one app (<see cref="ImportBatchHttp"/>), and scripts/import-catalog.sh (curl) one image per
/// request and 16 per request, two requests at a time, against the app as a separate process, as a user runs it (models
/// loaded by one import first). --batch-only skips the in-process passes.
/// </summary>
internal static class ImportBenchmark
{
    public static async Task RunAsync(BenchOptions options)
    {
        var runs = options.Runs ?? 3;
        var all = DemoStamp.All();
        var step = Math.Max(1, all.Count / (options.Limit ?? all.Count));
        var stamps = all.Where((_, i) => i % step == 0).Take(options.Limit ?? all.Count).Select(s => (Stamp: s, Bytes: File.ReadAllBytes(s.Path))).ToList();
        Console.WriteLine($"{stamps.Count} demo images, {stamps.Sum(s => s.Bytes.Length) / 1024} KiB of PNG");

        await using var azurite = await Azurite.StartAsync();
        using var text = Models.MiniLm();
        using var image = Models.ResNet();
        await text.EmbedAsync(["warm up"], CancellationToken.None);
        _ = image.Preprocessor; // loads ResNet
        var results = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        for (var run = 1; run <= runs; run++)
        {
            Console.WriteLine($"Run {run}/{runs} (load {Machine.LoadAverage()}):");
            if (!options.BatchOnly)
            {
                await InProcessAsync(azurite, stamps, text, image, results);
                await HttpAsync(azurite, stamps, results);
            }

            await ImportBatchHttp.RunAsync(azurite, stamps, results);
            var subset = stamps.Count == all.Count ? null : stamps.Select(s => s.Stamp).ToList();
            await ImportScript.RunAsync(azurite, subset, results, "--batch", "1", "--jobs", "2");
            await ImportScript.RunAsync(azurite, subset, results, "--batch", "16", "--jobs", "2");
        }

        Console.WriteLine($"Summary over {runs} runs: median [min - max]");
        foreach (var (name, values) in results)
        {
            var sorted = values.Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-50} {sorted[sorted.Count / 2],8:0.00} [{sorted[0]:0.00} - {sorted[^1]:0.00}]"));
        }
    }

    private static async Task InProcessAsync(
        Azurite azurite, List<(DemoStamp Stamp, byte[] Bytes)> stamps, MiniLmTextEmbedder text, ResNetImageEmbedder image,
        Dictionary<string, List<double>> results)
    {
        var storage = TestStorage.Unique(azurite);
        using (var services = Services(storage, text, image))
        {
            var times = await ImportStages.RunAsync(stamps, services.GetRequiredService<ImageNormalizer>(), text, image, services.GetRequiredService<CatalogStore>());
            foreach (var (stage, values) in times)
            {
                Console.WriteLine($"  stage {stage,-18} {Distribution.Of(values)}");
                Record(results, $"stage {stage} mean ms", values.Average());
            }

            var perImage = Enumerable.Range(0, stamps.Count).Select(i => times.Where(t => t.Key != "(of which decode)").Sum(t => t.Value[i])).ToList();
            Record(results, "stages sequential, images/s", 1000 / perImage.Average(), print: true);
        }

        await TestStorage.DeleteAsync(storage);
        foreach (var parallelism in new[] { 1, 2 })
        {
            storage = TestStorage.Unique(azurite);
            using (var services = Services(storage, text, image))
            {
                var importer = services.GetRequiredService<CatalogImporter>();
                var started = Stopwatch.GetTimestamp();
                await Parallel.ForEachAsync(stamps, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (stamp, ct) =>
                {
                    var s = stamp.Stamp;
                    await importer.ImportAsync(new CatalogImportInput(stamp.Bytes, s.Title, s.Description, s.Tags, s.Category), ct);
                });
                Record(results, $"CatalogImporter x{parallelism}, images/s", stamps.Count / Stopwatch.GetElapsedTime(started).TotalSeconds, print: true);
            }

            await TestStorage.DeleteAsync(storage);
        }
    }

    private static async Task HttpAsync(Azurite azurite, List<(DemoStamp Stamp, byte[] Bytes)> stamps, Dictionary<string, List<double>> results)
    {
        var storage = TestStorage.Unique(azurite);
        await using (var app = await BenchApp.StartAsync(storage))
        {
            await app.Services.GetRequiredService<MiniLmTextEmbedder>().EmbedAsync(["warm up"], CancellationToken.None);
            _ = app.Services.GetRequiredService<ResNetImageEmbedder>().Preprocessor;
            var latencies = new List<double>();
            var started = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(stamps, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (stamp, ct) =>
            {
                var sent = Stopwatch.GetTimestamp();
                using var response = await app.Client.SendAsync(stamp.Stamp.ImportRequest(stamp.Bytes, BenchApp.AdminKey, BenchApp.FunctionKey), ct);
                response.EnsureSuccessStatusCode();
                lock (latencies)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                }
            });
            Record(results, "admin endpoint x2 (in-process client), images/s", stamps.Count / Stopwatch.GetElapsedTime(started).TotalSeconds, print: true);
            Console.WriteLine($"  admin endpoint request ms   {Distribution.Of(latencies)}");
        }

        await TestStorage.DeleteAsync(storage);
    }

    /// <summary>The app's registrations on <paramref name="storage"/>, sharing the already loaded models.</summary>
    private static ServiceProvider Services(StorageOptions storage, MiniLmTextEmbedder text, ResNetImageEmbedder image)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = storage.ConnectionString,
            ["Storage:SessionsTable"] = storage.SessionsTable,
            ["Storage:CatalogTable"] = storage.CatalogTable,
            ["Storage:CatalogContainer"] = storage.CatalogContainer,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddImageSearch(configuration);
        services.AddSingleton(text).AddSingleton(image); // registered last, so resolved instead of new ones; not disposed by the container
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<StorageClients>().EnsureCreatedAsync(CancellationToken.None).GetAwaiter().GetResult();
        return provider;
    }

    public static void Record(Dictionary<string, List<double>> results, string name, double value, bool print = false)
    {
        (results.TryGetValue(name, out var list) ? list : results[name] = []).Add(value);
        if (print)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-50} {value:0.00}"));
        }
    }
}

