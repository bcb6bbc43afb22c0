using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ImageSearch.Benchmarks.Infrastructure;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Imaging;
using ImageSearch.Core.Models.Embedded;

namespace ImageSearch.Benchmarks.Pipeline;

/// <summary>
/// ResNet18 (batch 1) over the same <see cref="Images"/> demo PNGs, time per image:
/// Raw = ONNX Runtime on tensors built beforehand (the ceiling), from one thread or two; PrepareOnly = decode +
/// preprocess only; Sequential = decode → preprocess → infer one image after the other; Pipeline* =
/// <see cref="EmbeddingPipeline"/> with 1 or 2 preparing and 1 or 2 inference workers. The Ratio column is time
/// relative to Raw: a variant's share of raw throughput is 1 / Ratio. Cases run one after the other, so load from other
/// processes can differ between them: pipeline-ratio interleaves the variants for the ratio itself.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[Config(typeof(Config))]
public class PipelineBenchmarks
{
    public const int Images = 48;
    private readonly ImageNormalizer _normalizer = TestNormalizers.Create();
    private ResNetImageEmbedder _resnet = null!;
    private byte[][] _files = [];
    private float[][] _tensors = [];

    /// <summary>ONNX Runtime intra-op threads of the ResNet session (the app's default is 2).</summary>
    [Params(1, 2)]
    public int IntraOpThreads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _resnet = Models.ResNet(IntraOpThreads);
        var stamps = DemoStamp.All();
        _files = Enumerable.Range(0, Images).Select(i => File.ReadAllBytes(stamps[i * stamps.Count / Images].Path)).ToArray();
        _tensors = _files.Select(Prepare).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _resnet.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Images)]
    public int Raw()
    {
        var sum = 0;
        foreach (var tensor in _tensors)
        {
            sum += _resnet.EmbedPreprocessed(tensor, CancellationToken.None).Dimensions;
        }

        return sum;
    }

    /// <summary>Two threads calling Run on the one session at the same time (throughput, not latency).</summary>
    [Benchmark(OperationsPerInvoke = Images)]
    public int RawTwoCallers()
    {
        var sum = 0;
        Parallel.ForEach(_tensors, new ParallelOptions { MaxDegreeOfParallelism = 2 },
            tensor => Interlocked.Add(ref sum, _resnet.EmbedPreprocessed(tensor, CancellationToken.None).Dimensions));
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Images)]
    public int PrepareOnly() => _files.Sum(file => Prepare(file).Length);

    [Benchmark(OperationsPerInvoke = Images)]
    public int Sequential() => _files.Sum(file => _resnet.EmbedPreprocessed(Prepare(file), CancellationToken.None).Dimensions);

    /// <summary>1 preparing worker, 1 inference worker.</summary>
    [Benchmark(OperationsPerInvoke = Images)]
    public Task<int> Pipeline() => PipelineAsync(1, 1);

    [Benchmark(OperationsPerInvoke = Images)]
    public Task<int> PipelineTwoPrepare() => PipelineAsync(2, 1);

    [Benchmark(OperationsPerInvoke = Images)]
    public Task<int> PipelineTwoInference() => PipelineAsync(1, 2);

    private async Task<int> PipelineAsync(int prepareWorkers, int inferenceWorkers)
    {
        var sum = 0;
        var options = new EmbeddingPipelineOptions(prepareWorkers, Capacity: 2, inferenceWorkers);
        await foreach (var embedding in EmbeddingPipeline.RunAsync(
                           _files, (file, _) => Task.FromResult(Prepare(file)), (tensor, ct) => Task.FromResult(_resnet.EmbedPreprocessed(tensor, ct)),
                           options, CancellationToken.None))
        {
            sum += embedding.Dimensions;
        }

        return sum;
    }

    private float[] Prepare(byte[] file)
    {
        using var image = _normalizer.Decode(file, CancellationToken.None);
        return _resnet.Preprocessor.Preprocess(image);
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
                .WithWarmupCount(2).WithIterationCount(10).WithInvocationCount(1).WithUnrollFactor(1));
            AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max);
        }
    }
}
