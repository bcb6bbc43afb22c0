using System.Diagnostics;
using ImageSearch.Benchmarks.Infrastructure;

namespace ImageSearch.Benchmarks.Scale;

/// <summary>
/// Bulk import against the running app as scripts/import-catalog.sh --batch 16 --jobs 2 sends it (POST /api/catalog/batches,
/// 16 real demo photos per request, two requests in flight), and the single-image admin endpoint two at a time (the old
/// script's rate). Every pass imports every photo; later passes re-import the same ids in place (same work).
/// </summary>
internal static class ScaleImport
{
    public const int BatchSize = 16;
    public const int InFlight = 2;

    /// <summary>Imports every photo in batches; returns images per second.</summary>
    public static async Task<double> BatchesAsync(HttpClient client, IReadOnlyList<(DemoStamp Stamp, byte[] Bytes)> photos)
    {
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(photos.Chunk(BatchSize), new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (batch, ct) =>
        {
            using var response = await client.SendAsync(
                DemoStamp.BatchImportRequest([.. batch.Select(p => (p.Stamp, p.Bytes))], BenchApp.AdminKey, BenchApp.FunctionKey), ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode || !body.Contains($"\"imported\":{batch.Length},", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"batch import failed: {(int)response.StatusCode} {body[..Math.Min(400, body.Length)]}");
            }
        });
        return photos.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Imports every photo through POST /api/catalog/items, two at a time; returns images per second.</summary>
    public static async Task<double> ItemsAsync(HttpClient client, IReadOnlyList<(DemoStamp Stamp, byte[] Bytes)> photos)
    {
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(photos, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (photo, ct) =>
        {
            using var response = await client.SendAsync(photo.Stamp.ImportRequest(photo.Bytes, BenchApp.AdminKey, BenchApp.FunctionKey), ct);
            response.EnsureSuccessStatusCode();
        });
        return photos.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
