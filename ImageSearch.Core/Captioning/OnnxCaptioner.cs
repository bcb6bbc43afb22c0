using ImageSearch.Core.Embeddings;
using System.Diagnostics;
using ImageSearch.Core.Models;
using ImageSearch.Core.Models.Generation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Captioning;

/// <summary>
/// Captions with the downloaded vit-gpt2 export (nlpconnect/vit-gpt2-image-captioning via Xenova): ViT encoder once,
/// then the GPT-2 decoder from the decoder start token 50256 with beam search (or greedy), the key/value cache when the
/// export has one, a no-repeat 3-gram guard, until end-of-text 50256 or <see cref="CaptionerOptions.MaxLength"/>.
/// Loads on first use (or at start, by the generation start-up check); missing or corrupt files make
/// <see cref="Status"/> unavailable with the reason, never an exception at construction.
/// </summary>
public sealed partial class OnnxCaptioner : ICaptioner, IDisposable
{
    public const string ModelId = "vit-gpt2-image-captioning";

    /// <summary>Keeps the small decoder from repeating itself ("a man holding a man holding ...").</summary>
    private const int NoRepeatNgramSize = 3;

    private readonly CaptionerOptions _options;
    private readonly ILogger<OnnxCaptioner> _logger;
    private readonly LazyModel<CaptionerModel> _model;

    public OnnxCaptioner(IOptions<CaptionerOptions> options, ILogger<OnnxCaptioner> logger)
    {
        _options = options.Value;
        _logger = logger;
        _model = new LazyModel<CaptionerModel>(
            ModelFiles.InFolder(ModelId, _options.ModelDirectory, [CaptionerModel.EncoderFile, CaptionerModel.DecoderFile, CaptionerModel.PreprocessorFile], downloaded: true),
            Load);
    }

    public string Name => "vit-gpt2";

    public int Priority => 10;

    public ModelStatus Status => _model.TryGet(out var model, out _)
        ? ModelStatus.Available($"{ModelId}: {NumBeamsText}, "
            + (model.Decoder.HasCache ? "key/value cache" : "no key/value cache (whole sequence every step)"))
        : _model.Status; // the public reason, and the error for the log

    private string NumBeamsText => _options.NumBeams == 1 ? "greedy" : $"beam search ({_options.NumBeams} beams)";

    public Task<Caption> CaptionAsync(Image<Rgb24> image, IReadOnlyList<Embedding> knownEmbeddings, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult(Caption(image, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<Caption>(cancellationToken);
        }
        catch (Exception e)
        {
            return Task.FromException<Caption>(e);
        }
    }

    public void Dispose() => _model.Dispose();

    /// <summary>Runs on the caller's thread: CPU-bound, and ONNX Runtime uses its own intra-op threads.</summary>
    private Caption Caption(Image<Rgb24> image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var model = _model.Get();
        var started = Stopwatch.GetTimestamp();
        var encoded = model.Encode(image, cancellationToken);
        var run = model.Decoder.Start(encoded);
        var options = new GenerationOptions
        {
            MaxNewTokens = _options.MaxLength - 1,
            NumBeams = _options.NumBeams,
            EosTokenId = Gpt2Tokenizer.EndOfText,
            NoRepeatNgramSize = NoRepeatNgramSize,
        };
        var result = TextGeneration.Run(run, [Gpt2Tokenizer.EndOfText], options, cancellationToken);
        var text = Gpt2Tokenizer.Decode(result.Best.Tokens).Trim();
        LogCaptioned(Stopwatch.GetElapsedTime(started).TotalMilliseconds, run.Steps, run.TokensFed, result.Best.Tokens.Count);
        return new Caption(text, ModelId);
    }

    private CaptionerModel Load()
    {
        var started = Stopwatch.GetTimestamp();
        var model = CaptionerModel.Load(ModelId, ModelFiles.ResolveFolder(_options.ModelDirectory), _options.IntraOpNumThreads);
        LogLoaded(ModelId, _options.ModelDirectory, Stopwatch.GetElapsedTime(started).TotalMilliseconds, model.Decoder.HasCache);
        return model;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded captioner {ModelId} from {Directory} in {ElapsedMs} ms (key/value cache: {HasCache})")]
    private partial void LogLoaded(string modelId, string directory, double elapsedMs, bool hasCache);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Captioned an image in {ElapsedMs} ms: {Steps} decoder steps, {TokensFed} tokens fed, {Tokens} tokens out")]
    private partial void LogCaptioned(double elapsedMs, int steps, long tokensFed, int tokens);
}
