using System.Diagnostics;
using ImageSearch.Core.Embeddings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// CLIP text tower (<c>onnx/text_model.onnx</c>: <c>input_ids</c> int64 [batch, sequence] to <c>text_embeds</c> float
/// [batch, 512]), batched, L2-normalised. The model and tokenizer load on first use (<see cref="LazyModel{T}"/>), so the
/// service starts without the download; <see cref="Status"/> says whether they are there and load.
/// </summary>
public sealed class ClipTextEmbedder : ITextEmbedder, IDisposable
{
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string TextEmbeds = "text_embeds";
    private const string VocabFile = "vocab.json";
    private const string MergesFile = "merges.txt";

    private readonly ClipOptions _options;
    private readonly ILogger<ClipTextEmbedder> _logger;
    private readonly LazyModel<Loaded> _model;

    public ClipTextEmbedder(IOptions<ClipOptions> options, ILogger<ClipTextEmbedder> logger)
    {
        _options = options.Value;
        _logger = logger;
        string[] tokenizerFiles = string.IsNullOrEmpty(_options.BpeVocabularyPath) ? [VocabFile, MergesFile] : [_options.BpeVocabularyPath];
        _model = new LazyModel<Loaded>(
            ModelFiles.InFolder(ClipModel.Id, _options.ModelDirectory, [_options.TextModelFile, .. tokenizerFiles], downloaded: true), Load);
    }

    public ModelInfo Model => ClipModel.Info;

    public ModelStatus Status => _model.Status;

    public Task<IReadOnlyList<Embedding>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        ClipEmbeddings.AsTask(() => Embed(texts, cancellationToken), cancellationToken);

    public void Dispose() => _model.Dispose();

    /// <summary>Runs on the caller's thread: inference is CPU-bound and ONNX Runtime already uses its own intra-op threads.</summary>
    private List<Embedding> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var model = _model.Get();
        var started = Stopwatch.GetTimestamp();
        var embeddings = new List<Embedding>(texts.Count);
        foreach (var chunk in texts.Chunk(_options.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = model.Tokenizer.EncodeBatch(chunk);
            long[] shape = [batch.BatchSize, batch.SequenceLength];
            using var ids = OrtValue.CreateTensorValueFromMemory(batch.InputIds, shape);
            using var mask = OrtValue.CreateTensorValueFromMemory(batch.AttentionMask, shape);
            var inputs = new Dictionary<string, OrtValue> { [InputIds] = ids };
            if (model.Session.InputMetadata.ContainsKey(AttentionMask))
            {
                inputs[AttentionMask] = mask;
            }

            embeddings.AddRange(ClipEmbeddings.Run(model.Session, model.Path, inputs, TextEmbeds, batch.BatchSize, cancellationToken));
        }

        ClipEmbeddings.LogEmbedded(_logger, texts.Count, "texts", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return embeddings;
    }

    private Loaded Load()
    {
        var started = Stopwatch.GetTimestamp();
        var directory = ModelFiles.ResolveFolder(_options.ModelDirectory);
        var tokenizer = string.IsNullOrEmpty(_options.BpeVocabularyPath)
            ? new ClipTokenizer(ClipVocabulary.FromHuggingFaceFiles(Path.Combine(directory, VocabFile), Path.Combine(directory, MergesFile)))
            : ClipTokenizer.FromBpeArchive(_options.BpeVocabularyPath);
        var path = Path.Combine(directory, _options.TextModelFile);
        var session = ClipEmbeddings.Open(path, _options.IntraOpNumThreads, InputIds, TensorElementType.Int64, TextEmbeds);
        ClipEmbeddings.LogLoaded(_logger, "text", _options.TextModelFile, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new Loaded(tokenizer, session, path);
    }

    private sealed record Loaded(ClipTokenizer Tokenizer, InferenceSession Session, string Path) : IDisposable
    {
        public void Dispose() => Session.Dispose();
    }
}
