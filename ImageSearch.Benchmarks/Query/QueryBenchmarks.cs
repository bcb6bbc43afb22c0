using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Mathematics.OutlierDetection;
using ImageSearch.Benchmarks.Infrastructure;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Models.Embedded;

namespace ImageSearch.Benchmarks.Query;

/// <summary>
/// The embedded tier's warm text-query path in process: MiniLM embedding of the query, then CatalogIndex.Nearest over
/// 10,000 items (k = 20, the default candidate count). One query per invocation, so the percentiles are per query.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class QueryBenchmarks
{
    public const int CatalogSize = 10_000;
    private const int Candidates = 20;
    private MiniLmTextEmbedder _text = null!;
    private CatalogIndex _index = null!;
    private string[] _queries = [];
    private Embedding[] _queryVectors = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _text = Models.MiniLm();
        using var image = Models.ResNet();
        _index = new CatalogIndex(SyntheticCatalog.LoadOrBuild(CatalogSize, _text, image), "bench");
        _queries = QueryTexts.Generate(DemoStamp.All().Select(s => (s.Title, s.Category)).ToList(), 250, seed: 7);
        _queryVectors = [.. _text.EmbedAsync(_queries, CancellationToken.None).GetAwaiter().GetResult()];
    }

    [GlobalCleanup]
    public void Cleanup() => _text.Dispose();

    [Benchmark(Description = "MiniLM embed")]
    public Embedding Embed() => _text.EmbedAsync([_queries[Next()]], CancellationToken.None).GetAwaiter().GetResult()[0];

    [Benchmark(Description = "Nearest 10k")]
    public IReadOnlyList<ScoredItem> Nearest() => _index.Nearest(_queryVectors[Next()], Candidates);

    [Benchmark(Baseline = true, Description = "embed + Nearest")]
    public IReadOnlyList<ScoredItem> EmbedAndNearest() => _index.Nearest(Embed(), Candidates);

    private int Next() => _next = (_next + 1) % _queries.Length;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // In process: no generated project to build (this solution's warnings-as-errors would apply to it).
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
                .WithWarmupCount(20).WithIterationCount(250).WithInvocationCount(1).WithUnrollFactor(1)
                .WithOutlierMode(OutlierMode.DontRemove)); // slow queries are the point of P95, not noise to drop
            AddColumn(StatisticColumn.Median, StatisticColumn.P95, StatisticColumn.Min, StatisticColumn.Max);
        }
    }
}
