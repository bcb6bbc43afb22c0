using System.Diagnostics;
using ImageSearch.Core.Embeddings;
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
/// Loads on first use; <see cref="IsAvailable"/> tells whether the files are there.
/// </summary>
public sealed partial class ClipImageEmbedder : IImageEmbedder, IDisposable
{
    public const string PixelValues = "pixel_values";
    public const string ImageEmbeds = "image_embeds";

    private readonly ClipOptions _options;
    private readonly ILogger<ClipImageEmbedder> _logger;
    private readonly Lock _gate = new();
    private (ClipImagePreprocessor Preprocessor, ClipOnnxSession Session)? _loaded;

    public ClipImageEmbedder(IOptions<ClipOptions> options, ILogger<ClipImageEmbedder> logger)
    {
        _options = options.Value;
        _logger = logger;
    }

    public ModelInfo Model => ClipModel.Info;

    public bool IsAvailable => File.Exists(_options.VisionModelPath) && File.Exists(_options.PreprocessorConfigPath);

    public Task<IReadOnlyList<Embedding>> EmbedAsync(IReadOnlyList<Image<Rgb24>> images, CancellationToken cancellationToken) =>
        ClipEmbeddings.AsTask(() => Embed(images, cancellationToken), cancellationToken);

    /// <summary>Runs on the caller's thread: inference is CPU-bound and ONNX Runtime already uses its own intra-op threads.</summary>
    private List<Embedding> Embed(IReadOnlyList<Image<Rgb24>> images, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        var (preprocessor, session) = Loaded();
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
            var output = session.Run(new Dictionary<string, OrtValue> { [PixelValues] = input }, chunk.Length, cancellationToken);
            embeddings.AddRange(ClipEmbeddings.Split(output, chunk.Length));
        }

        LogEmbedded(images.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return embeddings;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _loaded?.Session.Dispose();
            _loaded = null;
        }
    }

    /// <summary>Loads once; a failed load (files not downloaded yet) is retried on the next call instead of being cached.</summary>
    private (ClipImagePreprocessor Preprocessor, ClipOnnxSession Session) Loaded()
    {
        lock (_gate)
        {
            return _loaded ??= Load();
        }
    }

    private (ClipImagePreprocessor, ClipOnnxSession) Load()
    {
        var started = Stopwatch.GetTimestamp();
        var preprocessor = ClipImagePreprocessor.FromFile(_options.PreprocessorConfigPath);
        var session = ClipOnnxSession.Open(_options.VisionModelPath, _options.IntraOpNumThreads, PixelValues, TensorElementType.Float, ImageEmbeds);
        LogLoaded(_options.VisionModelPath, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return (preprocessor, session);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded CLIP vision model {Path} in {ElapsedMs} ms")]
    private partial void LogLoaded(string path, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Embedded {Count} images with CLIP in {ElapsedMs} ms")]
    private partial void LogEmbedded(int count, double elapsedMs);
}
