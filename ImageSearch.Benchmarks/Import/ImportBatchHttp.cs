using System.Diagnostics;
using ImageSearch.Benchmarks.Infrastructure;
using ImageSearch.Core.Models.Embedded;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSearch.Benchmarks.Import;

/// <summary>
/// The single-image endpoint against the batch endpoint, same images, same app (this process, embedded tier, models loaded
/// before timing), in-process HttpClient: POST /api/catalog/items two at a time (as the old script's --jobs 2), then
/// POST /api/catalog/batches in batches of 16 one at a time and two at a time, and of 32 one at a time. Every pass imports
/// every image (the later passes re-import the same ids in place: same work, blob and row overwritten).
/// </summary>
internal static class ImportBatchHttp
{
    public static async Task RunAsync(Azurite azurite, List<(DemoStamp Stamp, byte[] Bytes)> stamps, Dictionary<string, List<double>> results)
    {
        var storage = TestStorage.Unique(azurite);
        await using (var app = await BenchApp.StartAsync(storage))
        {
            await app.Services.GetRequiredService<MiniLmTextEmbedder>().EmbedAsync(["warm up"], CancellationToken.None);
            _ = app.Services.GetRequiredService<ResNetImageEmbedder>().Preprocessor;

            var started = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(stamps, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (stamp, ct) =>
            {
                using var response = await app.Client.SendAsync(stamp.Stamp.ImportRequest(stamp.Bytes, BenchApp.AdminKey, BenchApp.FunctionKey), ct);
                response.EnsureSuccessStatusCode();
            });
            Report(results, "same app: items endpoint x2, images/s", stamps.Count, started);

            foreach (var (size, inFlight) in new[] { (16, 1), (16, 2), (32, 1) })
            {
                started = Stopwatch.GetTimestamp();
                await Parallel.ForEachAsync(stamps.Chunk(size), new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (batch, ct) =>
                {
                    using var response = await app.Client.SendAsync(
                        DemoStamp.BatchImportRequest([.. batch.Select(s => (s.Stamp, s.Bytes))], BenchApp.AdminKey, BenchApp.FunctionKey), ct);
                    var body = await response.Content.ReadAsStringAsync(ct);
                    if (!response.IsSuccessStatusCode || !body.Contains($"\"imported\":{batch.Length},", StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException($"batch import failed: {(int)response.StatusCode} {body[..Math.Min(400, body.Length)]}");
                    }
                });
                Report(results, $"same app: batches endpoint {size} x{inFlight}, images/s", stamps.Count, started);
            }
        }

        await TestStorage.DeleteAsync(storage);
    }

    private static void Report(Dictionary<string, List<double>> results, string name, int count, long started)
    {
        ImportBenchmark.Record(results, name, count / Stopwatch.GetElapsedTime(started).TotalSeconds, print: true);
        Console.WriteLine($"    (load {Machine.LoadAverage()})");
    }
}
