using System.Diagnostics;
using System.Globalization;
using ImageSearch.Benchmarks.Infrastructure;

namespace ImageSearch.Benchmarks.Hostile;

/// <summary>
/// The app as a separate process with its default limits; every file of the hostile corpus (the tests' generator), then a
/// 40-megapixel photo, uploaded one at a time into fresh sessions: the answer, the CPU time the process used meanwhile
/// (user + system, all threads, from /proc) and the wall time, twice: the first round includes the JIT compiling each code
/// path for the first time (on background threads), the second is the steady state. The issue's bound: every answer
/// within 2 s of CPU.
/// </summary>
internal static class HostileCpuBenchmark
{
    public static async Task RunAsync(TextWriter output)
    {
        await using var azurite = await Azurite.StartAsync();
        var storage = TestStorage.Unique(azurite);
        // Default limits, but no session or upload quota: one client makes every request here.
        await using var app = AppProcess.Start(storage, ("Quotas__SessionsPerMinutePerClient", "0"), ("Quotas__UploadsPerMinutePerClient", "0"));
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        await app.WaitForHealthyAsync(client, TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(50));
        await SessionUploads.UploadAsync(client, await SessionUploads.SessionAsync(client), Synthetic.Png(640, 480)); // warm: models and code paths

        var files = HostileImages.Expected.Select(e => e.Kind).Concat(HostileImages.Accepted)
            .Select(kind => (kind, HostileImages.Of(kind)))
            .Append(("40-MP JPEG", UploadMemoryBenchmark.FortyMegapixelJpeg()))
            .ToList();
        // What the process uses with no request in flight (its background services poll storage): part of every figure below.
        var idleCpu = app.CpuSeconds();
        await Task.Delay(TimeSpan.FromSeconds(10));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"idle: {(app.CpuSeconds() - idleCpu) / 10:0.000} CPU s per second of wall time (background services; included in the CPU figures below)"));
        await output.WriteLineAsync($"{"file",-22} {"bytes",10}  {"answer",-32} {"CPU s",6} {"wall s",7} {"CPU s",6} {"wall s",7}   load {Machine.LoadAverage()}");
        await output.WriteLineAsync($"{"",-22} {"",10}  {"",-32} {"first round",14} {"second round",15}");
        var worst = 0.0;
        foreach (var (kind, bytes) in files)
        {
            var line = $"{kind,-22} {bytes.Length,10}  ";
            for (var round = 0; round < 2; round++)
            {
                var session = await SessionUploads.SessionAsync(client);
                var cpu = app.CpuSeconds();
                var started = Stopwatch.GetTimestamp();
                var answer = await SessionUploads.UploadAsync(client, session, bytes);
                var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
                var used = app.CpuSeconds() - cpu;
                worst = round == 1 ? Math.Max(worst, used) : worst;
                line += round == 0
                    ? FormattableString.Invariant($"{answer,-32} {used,6:0.00} {wall,7:0.00}")
                    : FormattableString.Invariant($" {used,6:0.00} {wall,7:0.00}");
            }

            await output.WriteLineAsync(line);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"worst CPU per answer (second round) {worst:0.00} s; RSS {app.Memory().Rss:0} MiB; load {Machine.LoadAverage()}"));
        await TestStorage.DeleteAsync(storage);
    }
}
