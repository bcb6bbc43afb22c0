using System.Globalization;
using ImageSearch.Benchmarks.Infrastructure;
using ImageSearch.Core.Models.Embedded;

namespace ImageSearch.Benchmarks.Scale;

/// <summary>
/// Issue 13's end-to-end table: per catalog size (100,000 and 1,000,000 by default), the cached catalog (built on the first
/// run, see <see cref="ScaleCatalog"/>), one run of the real app against it (<see cref="ScaleRun"/>), then recall@10 of
/// the app's answers against an exact fp32 ranking of the cached vectors, computed here with the app's MiniLM after the app
/// has stopped. Usage: <c>scale [sizes...] [--queries N] [--no-import-ratio] [--build-only]</c>.
/// </summary>
internal static class ScaleBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var options = ScaleOptions.Parse(args);
        Console.WriteLine($"Catalog cache: {ScaleCatalog.Root}");
        int format;
        await using (var probeBlob = await AzuriteService.StartBlobAsync(null))
        await using (var probeTable = await AzuriteService.StartTableAsync())
        {
            format = await ScaleCatalog.ProbeSnapshotFormatAsync(probeBlob, probeTable);
        }

        ClusteredCatalog? generator = null;
        foreach (var size in options.Sizes)
        {
            var catalog = await ScaleCatalog.EnsureAsync(size, format, () => generator ??= ClusteredCatalog.Create(DemoStamp.All()));
            if (options.BuildOnly)
            {
                continue;
            }

            Machine.Print($"scale {size:N0}: run");
            var folder = ScaleCatalog.Folder(size, format);
            var figures = await ScaleRun.RunAsync(folder, options);
            MeasureRecall(folder, figures);
            figures.Print(catalog);
            Machine.Print($"scale {size:N0}: end");
        }
    }

    private static void MeasureRecall(string folder, ScaleFigures figures)
    {
        var answers = figures.Answers.Take(100).ToList();
        float[][] queries;
        using (var miniLm = Models.MiniLm())
        {
            queries = [.. miniLm.EmbedAsync([.. answers.Select(a => a.Query)], CancellationToken.None).GetAwaiter().GetResult().Select(e => e.Vector)];
        }

        var exact = ExactReference.Top(ScaleCatalogInfo.TextVectorsFile(folder), MiniLmTextEmbedder.Dimensions, queries, ScaleClient.Top);
        var found = 0;
        for (var q = 0; q < answers.Count; q++)
        {
            var expected = exact[q].Select(ClusteredCatalog.Id).ToHashSet(StringComparer.Ordinal);
            found += answers[q].Ids.Count(expected.Contains);
        }

        figures.RecallQueries = answers.Count;
        figures.ShortAnswers = answers.Count(a => a.Ids.Length < ScaleClient.Top);
        figures.Recall = found / (double)(answers.Count * ScaleClient.Top);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  recall@10 {figures.Recall:0.000} over {answers.Count} queries (load {Machine.LoadAverage()})"));
    }
}

/// <summary>The scale benchmark's arguments: sizes, <c>--queries N</c> (warm searches, 300), <c>--no-import-ratio</c>, <c>--build-only</c>.</summary>
internal sealed record ScaleOptions(IReadOnlyList<int> Sizes, int Queries, bool ImportRatio, bool BuildOnly)
{
    public static ScaleOptions Parse(string[] args)
    {
        var sizes = new List<int>();
        var (queries, importRatio, buildOnly) = (300, true, false);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--queries" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n >= 100:
                    queries = n;
                    i++;
                    break;
                case "--no-import-ratio":
                    importRatio = false;
                    break;
                case "--build-only":
                    buildOnly = true;
                    break;
                default:
                    sizes.Add(int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size >= 1_000
                        ? size
                        : throw new ArgumentException($"Unknown or invalid argument '{args[i]}' (expected sizes >= 1000, --queries N >= 100, --no-import-ratio, --build-only)."));
                    break;
            }
        }

        return new ScaleOptions(sizes.Count > 0 ? sizes : [100_000, 1_000_000], queries, importRatio, buildOnly);
    }
}
