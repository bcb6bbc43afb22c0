using BenchmarkDotNet.Running;
using ImageSearch.Benchmarks.Hostile;
using ImageSearch.Benchmarks.Import;
using ImageSearch.Benchmarks.Infrastructure;
using ImageSearch.Benchmarks.Pipeline;
using ImageSearch.Benchmarks.Query;
using ImageSearch.Benchmarks.Ranking;
using ImageSearch.Benchmarks.Scale;
using ImageSearch.Benchmarks.Startup;
using ImageSearch.Benchmarks.Web;

// dotnet run -c Release --project ImageSearch.Benchmarks -- <name> [options]; see docs/performance.md.
var name = args.FirstOrDefault() ?? "";
var rest = args.Skip(1).ToArray();
Machine.Print($"benchmark '{name}' start");
switch (name)
{
    case "query":
        BenchmarkRunner.Run<QueryBenchmarks>(args: rest);
        break;
    case "query-http":
        await HttpQueryBenchmark.RunAsync(BenchOptions.Parse(rest));
        break;
    case "import":
        await ImportBenchmark.RunAsync(BenchOptions.Parse(rest));
        break;
    case "startup":
        await StartupBenchmark.RunAsync(BenchOptions.Parse(rest));
        break;
    case "pipeline":
        BenchmarkRunner.Run<PipelineBenchmarks>(args: rest);
        break;
    case "pipeline-ratio":
        await PipelineRatio.RunAsync(BenchOptions.Parse(rest));
        break;
    case "autocut":
        await AutocutReport.RunAsync(Console.Out);
        break;
    case "index-scale":
        IndexScaleBenchmark.Run(rest.Length > 0 ? [.. rest.Select(int.Parse)] : [100_000, 1_000_000]);
        break;
    case "snapshot-scale":
        var sizes = rest.Where(a => a != "--direct").Select(int.Parse).ToList();
        await SnapshotScaleBenchmark.RunAsync(sizes.Count > 0 ? sizes : [100_000], direct: rest.Contains("--direct"));
        break;
    case "scale":
        await ScaleBenchmark.RunAsync(rest);
        break;
    case "upload-memory":
        await UploadMemoryBenchmark.RunAsync(Console.Out);
        break;
    case "web":
        await WebSearchBenchmark.RunAsync(Console.Out);
        break;
    case "hostile-cpu":
        await HostileCpuBenchmark.RunAsync(Console.Out);
        break;
    default:
        await Console.Error.WriteLineAsync("""
            usage: ImageSearch.Benchmarks <name> [options]
              query       BenchmarkDotNet: MiniLM query embedding + CatalogIndex.Nearest over 10,000 items (in process)
              query-http  the real app on Kestrel + Azurite with 10,000 catalog rows: POST /api/sessions/current/search (Session-Id header) [--runs 3] [--queries 250]
              import      demo catalog import: stages in process, CatalogImporter, items vs batches endpoint, scripts/import-catalog.sh [--runs 3] [--limit N] [--batch-only]
              startup     separate app process: start -> first 200 from /api/health -> first answered search [--runs 5]
              pipeline    BenchmarkDotNet: ResNet18 raw inference vs decode+preprocess+inference, sequential and pipelined
              pipeline-ratio  the same variants interleaved round by round, ratios to raw inference [--runs 8] [--limit 48] [--photos DIR]
              autocut     what the automatic cut keeps and hides for a dozen queries on the demo catalog (real app, 50 candidates)
              index-scale the catalog index alone at 100,000 and 1,000,000 clustered items: build, memory, warm latency, recall@10 [sizes...]
              snapshot-scale  cold catalog load from every table row vs from the blob snapshot, snapshot write time and size, on Azurite [sizes...]; --direct: the blob written from synthetic items (1M fits), cold load + first/warm search
              scale       issue 13's table end to end: the real app on cached 100,000 / 1,000,000-item catalogs (snapshot in a persisted Azurite):
                          start -> first search, RSS, HTTP p50/p95, recall@10, search p99 during a bulk import, import rate [sizes...] [--queries N] [--no-import-ratio] [--build-only]
              upload-memory  the app process's RSS at rest, at its peak under 16 parallel 40-MP uploads, and after
              hostile-cpu every file of the hostile corpus and a 40-MP photo uploaded one at a time: answer, CPU s, wall s
              web         a 30-candidate web search against local servers with 50-500 ms latencies: total vs slowest vs sum
            """);
        return 2;
}

Machine.Print($"benchmark '{name}' end");
return 0;
