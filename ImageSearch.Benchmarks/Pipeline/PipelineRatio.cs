using System.Diagnostics;
using System.Globalization;
using ImageSearch.Benchmarks.Infrastructure;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Imaging;
using ImageSearch.Core.Models.Embedded;

namespace ImageSearch.Benchmarks.Pipeline;

/// <summary>
/// The pipeline's share of raw inference throughput, measured interleaved: every round runs every variant once over the
/// same images (the demo PNGs, or the photos of <c>--photos DIR</c>; rotating which goes first), so load from other processes hits all variants alike; the ratios are
/// taken within a round and summarised over rounds. Variants as in <see cref="PipelineBenchmarks"/>, for ResNet
/// sessions with 1 and 2 intra-op threads side by side.
/// </summary>
internal static class PipelineRatio
{
    public static async Task RunAsync(BenchOptions options)
    {
        var rounds = options.Runs ?? 8;
        var normalizer = TestNormalizers.Create();
        var images = options.Limit ?? PipelineBenchmarks.Images;
        var paths = options.Photos is { } folder
            ? Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
                .Where(p => p.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).ToList()
            : DemoStamp.All().Select(s => s.Path).ToList();
        var files = Enumerable.Range(0, images).Select(i => File.ReadAllBytes(paths[i * paths.Count / images % paths.Count])).ToArray();
        Console.WriteLine($"{images} images from {paths.Count} files ({options.Photos ?? "the demo photos"}), {files.Sum(f => f.Length) / images / 1024} KiB on average");
        using var one = Models.ResNet(1);
        using var two = Models.ResNet(2);
        var tensors = files.Select(file => Prepare(normalizer, two, file)).ToArray();

        var variants = new List<(string Name, string Raw, Func<Task> Run)>();
        foreach (var (threads, resnet) in new[] { (1, one), (2, two) })
        {
            var raw = $"raw, intra {threads}";
            variants.Add((raw, raw, () => Task.Run(() => Array.ForEach(tensors, t => resnet.EmbedPreprocessed(t, CancellationToken.None)))));
            if (threads == 1)
            {
                variants.Add(("raw, 2 callers, intra 1", raw, () => Task.Run(() => Parallel.ForEach(
                    tensors, new ParallelOptions { MaxDegreeOfParallelism = 2 }, t => resnet.EmbedPreprocessed(t, CancellationToken.None)))));
            }

            variants.Add(($"sequential, intra {threads}", raw, () => Task.Run(() => Array.ForEach(files, f => resnet.EmbedPreprocessed(Prepare(normalizer, resnet, f), CancellationToken.None)))));
            foreach (var (prepareWorkers, inferenceWorkers) in threads == 1 ? new[] { (1, 1), (2, 1), (1, 2) } : [(1, 1), (2, 1)])
            {
                var pipelineOptions = new EmbeddingPipelineOptions(prepareWorkers, 2, inferenceWorkers);
                variants.Add(($"pipeline {prepareWorkers} prep + {inferenceWorkers} infer, intra {threads}", raw, async () =>
                {
                    await foreach (var _ in EmbeddingPipeline.RunAsync(
                                       files, (file, _) => Task.FromResult(Prepare(normalizer, resnet, file)),
                                       (tensor, ct) => Task.FromResult(resnet.EmbedPreprocessed(tensor, ct)), pipelineOptions, CancellationToken.None))
                    {
                    }
                }));
            }
        }

        variants.Add(("decode + preprocess only", "raw, intra 2", () => Task.Run(() => Array.ForEach(files, f => Prepare(normalizer, two, f)))));
        foreach (var variant in variants)
        {
            await variant.Run(); // warm-up
        }

        var times = variants.ToDictionary(v => v.Name, _ => new List<double>(), StringComparer.Ordinal);
        var cores = variants.ToDictionary(v => v.Name, _ => new List<double>(), StringComparer.Ordinal);
        using var process = Process.GetCurrentProcess();
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < variants.Count; k++)
            {
                var variant = variants[(k + round) % variants.Count];
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var started = Stopwatch.GetTimestamp();
                await variant.Run();
                var wall = Stopwatch.GetElapsedTime(started);
                process.Refresh();
                times[variant.Name].Add(wall.TotalMilliseconds / images);
                cores[variant.Name].Add((process.TotalProcessorTime - cpu) / wall);
            }

            Console.WriteLine($"round {round + 1}/{rounds} done (load {Machine.LoadAverage()})");
        }

        Console.WriteLine($"{images} images, {rounds} rounds; ms per image, and throughput relative to raw inference of the same session and");
        Console.WriteLine("to the fastest raw variant of the round; median [min - max] over rounds (ratios are taken within a round);");
        Console.WriteLine("cores = this process's CPU time / wall time while the variant ran (how much of the 2 cores it actually got)");
        var raws = variants.Where(v => v.Name.StartsWith("raw", StringComparison.Ordinal)).Select(v => v.Name).ToList();
        var bestRaw = Enumerable.Range(0, rounds).Select(r => raws.Min(name => times[name][r])).ToList();
        foreach (var (name, raw, _) in variants)
        {
            var ratios = times[name].Select((t, r) => times[raw][r] / t).ToList();
            var toBest = times[name].Select((t, r) => bestRaw[r] / t).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-36} {Summary(times[name], "0.0")} ms   vs {raw}: {Summary(ratios, "0%")}   vs best raw: {Summary(toBest, "0%")}   cores {Summary(cores[name], "0.00")}"));
        }
    }

    private static float[] Prepare(ImageNormalizer normalizer, ResNetImageEmbedder resnet, byte[] file)
    {
        using var image = normalizer.Decode(file, CancellationToken.None);
        return resnet.Preprocessor.Preprocess(image);
    }

    private static string Summary(List<double> values, string format)
    {
        var sorted = values.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{sorted[sorted.Count / 2].ToString(format, CultureInfo.InvariantCulture)} [{sorted[0].ToString(format, CultureInfo.InvariantCulture)} - {sorted[^1].ToString(format, CultureInfo.InvariantCulture)}]");
    }
}
