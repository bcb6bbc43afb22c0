using System.Diagnostics;
using ImageSearch.Core.Embeddings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Models.Embedded;

/// <summary>
/// ResNet18 image features (512-d, the global average pool before the class head), L2-normalised. Model files come from
/// the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18, copied to <see cref="EmbeddedModelOptions.ModelDirectory"/>
/// by the build; preprocessing is described by <see cref="SettingsFile"/> next to them. Loaded once, on first use
/// (<see cref="LazyModel{T}"/>).
/// The model's batch dimension is fixed at 1, so images run one by one. Safe for concurrent calls.
/// </summary>
public sealed partial class ResNetImageEmbedder : IImageEmbedder, IDisposable
{
    public const string ModelId = "resnet18";
    public const string SettingsFile = "resnet18.preprocess.json";

    private readonly EmbeddedModelOptions _options;
    private readonly ILogger<ResNetImageEmbedder> _logger;
    private readonly LazyModel<LoadedModel> _model;

    public ResNetImageEmbedder(IOptions<EmbeddedModelOptions> options, ILogger<ResNetImageEmbedder> logger)
    {
        _options = options.Value;
        _logger = logger;
        _model = new LazyModel<LoadedModel>(ModelFiles.InFolder(ModelId, _options.ModelDirectory, [SettingsFile], downloaded: false), Load);
    }

    public ModelInfo Model { get; } = new(ModelId, "embedded", "NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18 (ResNet18.onnx)");

    public ModelStatus Status => _model.Status;

    /// <summary>The preprocessing in use (loads the model if needed).</summary>
    public ResNetPreprocessor Preprocessor => _model.Get().Preprocessor;

    public Task<IReadOnlyList<Embedding>> EmbedAsync(IReadOnlyList<Image<Rgb24>> images, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        var model = _model.Get();
        var started = Stopwatch.GetTimestamp();
        var results = new Embedding[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            results[i] = Infer(model, model.Preprocessor.Preprocess(images[i]), cancellationToken);
        }

        LogEmbedded(images.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return Task.FromResult<IReadOnlyList<Embedding>>(results);
    }

    /// <summary>Inference only: the embedding of a tensor made by <see cref="Preprocessor"/>.</summary>
    public Embedding EmbedPreprocessed(float[] tensor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var model = _model.Get();
        if (tensor.Length != model.Preprocessor.TensorLength)
        {
            throw new ArgumentException($"The tensor has {tensor.Length} values, expected {model.Preprocessor.TensorLength}.", nameof(tensor));
        }

        return Infer(model, tensor, cancellationToken);
    }

    public void Dispose() => _model.Dispose();

    private static Embedding Infer(LoadedModel model, float[] tensor, CancellationToken cancellationToken)
    {
        var settings = model.Settings;
        using var input = OrtValue.CreateTensorValueFromMemory(tensor, [1, 3, settings.Size, settings.Size]);
        using var outputs = model.Session.Run(
            new Dictionary<string, OrtValue> { [settings.Input] = input }, [settings.Output], cancellationToken);
        var features = outputs[0].GetTensorDataAsSpan<float>();
        if (features.Length != settings.Dimensions)
        {
            throw new ModelUnavailableException(ModelId, model.Path, $"the model returned {features.Length} values, expected {settings.Dimensions}");
        }

        return new Embedding(ModelId, VectorMath.Normalize(features.ToArray()));
    }

    private LoadedModel Load()
    {
        var started = Stopwatch.GetTimestamp();
        var directory = ModelFiles.ResolveFolder(_options.ModelDirectory);
        var settings = ImagePreprocessSettings.Load(ModelId, Path.Combine(directory, SettingsFile));

        var meanImage = ResNetPreprocessor.LoadMeanImage(
            ModelId, Path.Combine(directory, settings.MeanImageModel), settings.Size, _options.IntraOpNumThreads);
        var preprocessor = new ResNetPreprocessor(settings, meanImage);

        var path = Path.Combine(directory, settings.Model);
        var session = OnnxSessions.FromFile(ModelId, path, _options.IntraOpNumThreads)
            .Expect(ModelId, path, [settings.Input], [settings.Output]);
        var inputShape = session.InputMetadata[settings.Input].Dimensions;
        if (!inputShape.SequenceEqual([1, 3, settings.Size, settings.Size]))
        {
            session.Dispose();
            throw new ModelUnavailableException(ModelId, path,
                $"the input {settings.Input} has shape [{string.Join(",", inputShape)}], expected [1,3,{settings.Size},{settings.Size}]");
        }

        LogLoaded(ModelId, path, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new LoadedModel(session, preprocessor, settings, path);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded model {ModelId} from {Source} in {ElapsedMs} ms")]
    private partial void LogLoaded(string modelId, string source, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Embedded {Count} images in {ElapsedMs} ms")]
    private partial void LogEmbedded(int count, double elapsedMs);

    private sealed record LoadedModel(InferenceSession Session, ResNetPreprocessor Preprocessor, ImagePreprocessSettings Settings, string Path)
        : IDisposable
    {
        public void Dispose() => Session.Dispose();
    }
}
