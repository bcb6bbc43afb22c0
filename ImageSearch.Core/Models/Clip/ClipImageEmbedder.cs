using System.Diagnostics;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Imaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// CLIP image tower (<c>onnx/vision_model.onnx</c>: <c>pixel_values</c> float [batch, 3, 224, 224] to <c>image_embeds</c>
/// float [batch, 512]), batched, L2-normalised, with the preprocessing of the <c>preprocessor_config.json</c> next to it.
/// Loads on first use (<see cref="LazyModel{T}"/>); <see cref="Status"/> says whether the files are there and load.
/// </summary>
public sealed class ClipImageEmbedder : IImageEmbedder, IDisposable
{
    public const string PixelValues = "pixel_values";
    public const string ImageEmbeds = "image_embeds";

    private readonly ClipOptions _options;
    private readonly ILogger<ClipImageEmbedder> _logger;
    private readonly LazyModel<Loaded> _model;

    public ClipImageEmbedder(IOptions<ClipOptions> options, ILogger<ClipImageEmbedder> logger)
    {
        _options = options.Value;
        _logger = logger;
        _model = new LazyModel<Loaded>(
            ModelFiles.InFolder(ClipModel.Id, _options.ModelDirectory, [_options.VisionModelFile, _options.PreprocessorConfigFile], downloaded: true),
            Load);
    }

    public ModelInfo Model => ClipModel.Info;

    public ModelStatus Status => _model.Status;

    public Task<IReadOnlyList<Embedding>> EmbedAsync(IReadOnlyList<Image<Rgb24>> images, CancellationToken cancellationToken) =>
        ClipEmbeddings.AsTask(() => Embed(images, cancellationToken), cancellationToken);

    public void Dispose() => _model.Dispose();

    /// <summary>Runs on the caller's thread: inference is CPU-bound and ONNX Runtime already uses its own intra-op threads.</summary>
    private List<Embedding> Embed(IReadOnlyList<Image<Rgb24>> images, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        var (preprocessor, session, path) = _model.Get();
        var started = Stopwatch.GetTimestamp();
        var embeddings = new List<Embedding>(images.Count);
        foreach (var chunk in images.Chunk(_options.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pixels = new float[chunk.Length * preprocessor.TensorLength];
            for (var i = 0; i < chunk.Length; i++)
            {
                preprocessor.Preprocess(chunk[i], pixels.AsSpan(i * preprocessor.TensorLength, preprocessor.TensorLength));
            }

            using var input = OrtValue.CreateTensorValueFromMemory(pixels, [chunk.Length, 3, preprocessor.Height, preprocessor.Width]);
            var inputs = new Dictionary<string, OrtValue> { [PixelValues] = input };
            embeddings.AddRange(ClipEmbeddings.Run(session, path, inputs, ImageEmbeds, chunk.Length, cancellationToken));
        }

        ClipEmbeddings.LogEmbedded(_logger, images.Count, "images", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return embeddings;
    }

    private Loaded Load()
    {
        var started = Stopwatch.GetTimestamp();
        var directory = ModelFiles.ResolveFolder(_options.ModelDirectory);
        var preprocessor = ClipPreprocessorConfig.ProcessorFromFile(Path.Combine(directory, _options.PreprocessorConfigFile));
        var path = Path.Combine(directory, _options.VisionModelFile);
        var session = ClipEmbeddings.Open(path, _options.IntraOpNumThreads, PixelValues, TensorElementType.Float, ImageEmbeds);
        ClipEmbeddings.LogLoaded(_logger, "vision", _options.VisionModelFile, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new Loaded(preprocessor, session, path);
    }

    private sealed record Loaded(HfImageProcessor Preprocessor, InferenceSession Session, string Path) : IDisposable
    {
        public void Dispose() => Session.Dispose();
    }
}
