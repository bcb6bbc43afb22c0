using System.Diagnostics;
using ImageSearch.Core.Embeddings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// CLIP text tower (<c>onnx/text_model.onnx</c>: <c>input_ids</c> int64 [batch, sequence] to <c>text_embeds</c> float
/// [batch, 512]), batched, L2-normalised. The model and tokenizer load on first use, so the service starts without the
/// download; <see cref="IsAvailable"/> tells whether the files are there.
/// </summary>
public sealed partial class ClipTextEmbedder : ITextEmbedder, IDisposable
{
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string TextEmbeds = "text_embeds";

    private readonly ClipOptions _options;
    private readonly ILogger<ClipTextEmbedder> _logger;
    private readonly Lock _gate = new();
    private (ClipTokenizer Tokenizer, ClipOnnxSession Session)? _loaded;

    public ClipTextEmbedder(IOptions<ClipOptions> options, ILogger<ClipTextEmbedder> logger)
    {
        _options = options.Value;
        _logger = logger;
    }

    public ModelInfo Model => ClipModel.Info;

    public bool IsAvailable => File.Exists(_options.TextModelPath) && (string.IsNullOrEmpty(_options.BpeVocabularyPath)
        ? File.Exists(VocabPath) && File.Exists(MergesPath)
        : File.Exists(_options.BpeVocabularyPath));

    private string VocabPath => Path.Combine(_options.ModelDirectory, "vocab.json");

    private string MergesPath => Path.Combine(_options.ModelDirectory, "merges.txt");

    public Task<IReadOnlyList<Embedding>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        ClipEmbeddings.AsTask(() => Embed(texts, cancellationToken), cancellationToken);

    /// <summary>Runs on the caller's thread: inference is CPU-bound and ONNX Runtime already uses its own intra-op threads.</summary>
    private List<Embedding> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var (tokenizer, session) = Loaded();
        var started = Stopwatch.GetTimestamp();
        var embeddings = new List<Embedding>(texts.Count);
        foreach (var chunk in texts.Chunk(_options.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = tokenizer.EncodeBatch(chunk);
            long[] shape = [batch.BatchSize, batch.SequenceLength];
            using var ids = OrtValue.CreateTensorValueFromMemory(batch.InputIds, shape);
            using var mask = OrtValue.CreateTensorValueFromMemory(batch.AttentionMask, shape);
            var inputs = new Dictionary<string, OrtValue> { [InputIds] = ids };
            if (session.HasInput(AttentionMask))
            {
                inputs[AttentionMask] = mask;
            }

            var output = session.Run(inputs, batch.BatchSize, cancellationToken);
            embeddings.AddRange(ClipEmbeddings.Split(output, batch.BatchSize));
        }

        LogEmbedded(texts.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
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
    private (ClipTokenizer Tokenizer, ClipOnnxSession Session) Loaded()
    {
        lock (_gate)
        {
            return _loaded ??= Load();
        }
    }

    private (ClipTokenizer, ClipOnnxSession) Load()
    {
        var started = Stopwatch.GetTimestamp();
        var tokenizer = string.IsNullOrEmpty(_options.BpeVocabularyPath)
            ? new ClipTokenizer(ClipVocabulary.FromHuggingFaceFiles(VocabPath, MergesPath))
            : ClipTokenizer.FromBpeArchive(_options.BpeVocabularyPath);
        var session = ClipOnnxSession.Open(_options.TextModelPath, _options.IntraOpNumThreads, InputIds, TensorElementType.Int64, TextEmbeds);
        LogLoaded(_options.TextModelPath, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return (tokenizer, session);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded CLIP text model {Path} in {ElapsedMs} ms")]
    private partial void LogLoaded(string path, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Embedded {Count} texts with CLIP in {ElapsedMs} ms")]
    private partial void LogEmbedded(int count, double elapsedMs);
}
