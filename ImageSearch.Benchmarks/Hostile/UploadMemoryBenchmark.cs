using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using ImageSearch.Benchmarks.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Benchmarks.Hostile;

/// <summary>
/// The app as a separate process with its default limits (decode slots = processors, 10 s queue): its resident memory
/// at rest, at its peak while 16 uploads of a 40-megapixel JPEG run at once, and again after they are answered; how
/// they were answered (201, or 503 decoder-busy past the queue). RSS from /proc (VmRSS, VmHWM).
/// </summary>
internal static class UploadMemoryBenchmark
{
    private const int Parallel = 16;

    /// <summary>Bursts one after the other: what a burst leaves behind shows as growth from round to round.</summary>
    private const int Rounds = 3;

    public static async Task RunAsync(TextWriter output)
    {
        var photo = FortyMegapixelJpeg();
        await using var azurite = await Azurite.StartAsync();
        var storage = TestStorage.Unique(azurite);
        // Default limits, but no session or upload quota: one client makes every request here (16 new sessions a round).
        await using var app = AppProcess.Start(storage, ("Quotas__SessionsPerMinutePerClient", "0"), ("Quotas__UploadsPerMinutePerClient", "0"));
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        await app.WaitForHealthyAsync(client, TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(50));

        // Warm: two uploads of the same photo at once and a search load the models and the code paths (one slot each);
        // then the app gives the warm-up's memory back (DecodeMemoryRelief logs it) and the rest figure is taken.
        var warm = new[] { await SessionUploads.SessionAsync(client), await SessionUploads.SessionAsync(client) };
        await Task.WhenAll(warm.Select(id => SessionUploads.UploadAsync(client, id, photo)));

        (await client.SendAsync(SessionCall.Post(warm[0], "/search", JsonContent.Create(new { query = "a koala" })))).Dispose();
        var relieved = await app.WaitForOutputAsync("Decoding quiet", TimeSpan.FromSeconds(10));
        var atRest = app.Memory();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"40-MP JPEG: {photo.Length / 1048576.0:0.0} MB; app at rest after warm-up ({(relieved ? "memory given back" : "no relief: it grew less than the threshold")}): RSS {atRest.Rss:0} MiB (peak so far {atRest.Peak:0} MiB; {app.MemoryDetail()}); load {Machine.LoadAverage()}"));

        for (var round = 1; round <= Rounds; round++)
        {
            await BurstAsync(app, client, _ => photo, $"round {round}: {Parallel} parallel 40-MP uploads", atRest.Rss, output);
        }

        // Then 16 hostile files at once, every kind of the tests' corpus in turn (scan bombs, frame bombs, pixel bombs…).
        var hostile = HostileImages.Expected.Select(e => e.Kind).Concat(HostileImages.Accepted).Select(HostileImages.Of).ToList();
        await BurstAsync(app, client, i => hostile[i % hostile.Count], $"hostile: {Parallel} parallel uploads of the corpus's {hostile.Count} kinds", atRest.Rss, output);

        await TestStorage.DeleteAsync(storage);
    }

    /// <summary>One burst of <see cref="Parallel"/> uploads (the i-th sends <paramref name="file"/>(i)) in fresh sessions: how they were answered, the peak, and RSS after.</summary>
    private static async Task BurstAsync(AppProcess app, HttpClient client, Func<int, byte[]> file, string label, double atRest, TextWriter output)
    {
        var sessions = new List<string>();
        for (var i = 0; i < Parallel; i++)
        {
            sessions.Add(await SessionUploads.SessionAsync(client));
        }

        var peakSampled = 0.0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakSampled = Math.Max(peakSampled, app.Memory().Rss);
                await Task.Delay(20, CancellationToken.None);
            }
        });
        var started = Stopwatch.GetTimestamp();
        var answers = await Task.WhenAll(sessions.Select(async (id, i) =>
        {
            var t = Stopwatch.GetTimestamp();
            var answer = await SessionUploads.UploadAsync(client, id, file(i));
            return (answer, Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        var afterAnswers = app.Memory();
        await Task.Delay(TimeSpan.FromSeconds(10)); // the runtime gives memory back on its own schedule: this is the measurement interval
        var settled = app.Memory();
        await Task.Delay(TimeSpan.FromSeconds(20));
        var later = app.Memory();
        var laterDetail = app.MemoryDetail();

        foreach (var group in answers.GroupBy(a => a.Item1))
        {
            await output.WriteLineAsync($"  {group.Count()} x {group.Key}: ms {Distribution.Of([.. group.Select(a => a.Item2)])}");
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{label} in {elapsed:0.0} s: peak RSS sampled during it {peakSampled:0} MiB (VmHWM since the start {afterAnswers.Peak:0}), " +
            $"RSS right after {afterAnswers.Rss:0} MiB, 10 s later {settled.Rss:0} MiB, 30 s later {later.Rss:0} MiB ({laterDetail}) (at rest before the first: {atRest:0} MiB, {later.Rss - atRest:+0;-0} MiB); load {Machine.LoadAverage()}"));
        if (app.LastLines().Split(Environment.NewLine).LastOrDefault(l => l.Contains("Decoding quiet", StringComparison.Ordinal)) is { } relief)
        {
            await output.WriteLineAsync("  app (last relief): " + relief.Trim());
        }
    }

    internal static byte[] FortyMegapixelJpeg()
    {
        using var image = new Image<Rgb24>(7296, 5472); // 39.9 megapixels, under Images__MaxPixels (40,000,000)
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = new Rgb24((byte)(x * 255 / row.Length), (byte)(y * 255 / rows.Height), (byte)((x ^ y) & 0x3F));
                }
            }
        });
        using var stream = new MemoryStream();
        image.Save(stream, new JpegEncoder { Quality = 80 });
        return stream.ToArray();
    }
}
