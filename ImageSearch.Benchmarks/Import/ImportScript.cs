using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ImageSearch.Benchmarks.Infrastructure;

namespace ImageSearch.Benchmarks.Import;

/// <summary>The import as a user runs it: scripts/import-catalog.sh (bash, curl) against the app as a separate process.</summary>
internal static partial class ImportScript
{
    /// <summary>scripts/import-catalog.sh with <paramref name="options"/> against a fresh app process; <paramref name="subset"/> null = the whole stamps folder.</summary>
    public static async Task RunAsync(Azurite azurite, IReadOnlyList<DemoStamp>? subset, Dictionary<string, List<double>> results, params string[] options)
    {
        var storage = TestStorage.Unique(azurite);
        var folder = subset is null ? DemoStamp.Directory : CopySubset(subset);
        try
        {
            await using var app = AppProcess.Start(storage);
            using var client = new HttpClient { BaseAddress = app.BaseAddress };
            await app.WaitForHealthyAsync(client, TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(100));
            var first = subset?[0] ?? DemoStamp.All()[0];
            using (var warmUp = await client.SendAsync(first.ImportRequest(await File.ReadAllBytesAsync(first.Path), BenchApp.AdminKey, BenchApp.FunctionKey)))
            {
                warmUp.EnsureSuccessStatusCode(); // loads the models, so the script's rate compares with the other passes
            }

            var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            string[] arguments = [Path.Combine(RepoPaths.Root, "scripts", "import-catalog.sh"), folder, "--api", app.BaseAddress.ToString().TrimEnd('/'), "--admin-key", BenchApp.AdminKey, "--function-key", BenchApp.FunctionKey, .. options];
            foreach (var arg in arguments)
            {
                info.ArgumentList.Add(arg);
            }

            var started = Stopwatch.GetTimestamp();
            using var script = Process.Start(info)!;
            var output = script.StandardError.ReadToEndAsync();
            await script.StandardOutput.ReadToEndAsync();
            await script.WaitForExitAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var done = (await output).Split('\n').LastOrDefault(line => line.Contains("Done:", StringComparison.Ordinal)) ?? "";
            Console.WriteLine($"  script: {done.Trim()}");
            if (script.ExitCode != 0 || DoneLine().Match(done) is not { Success: true } match)
            {
                throw new InvalidOperationException($"import-catalog.sh failed ({script.ExitCode}): {await output}");
            }

            ImportBenchmark.Record(results, $"import-catalog.sh {string.Join(' ', options)}, images/s", double.Parse(match.Groups["rate"].Value, CultureInfo.InvariantCulture), print: true);
            Console.WriteLine($"  script wall clock {elapsed:0.0} s");
        }
        finally
        {
            if (subset is not null)
            {
                Directory.Delete(folder, recursive: true);
            }

            await TestStorage.DeleteAsync(storage);
        }
    }

    /// <summary>The subset as a folder the script can read: same relative paths, each PNG with its .txt.</summary>
    private static string CopySubset(IReadOnlyList<DemoStamp> subset)
    {
        var folder = Directory.CreateTempSubdirectory("imagesearch-bench-").FullName;
        foreach (var stamp in subset)
        {
            var target = Path.Combine(folder, Path.GetRelativePath(DemoStamp.Directory, stamp.Path));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(stamp.Path, target);
            File.Copy(Path.ChangeExtension(stamp.Path, ".txt"), Path.ChangeExtension(target, ".txt"));
        }

        return folder;
    }

    [GeneratedRegex(@"\((?<rate>[0-9.]+) images/s\)")]
    private static partial Regex DoneLine();
}
