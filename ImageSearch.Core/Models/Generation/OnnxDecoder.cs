using Microsoft.ML.OnnxRuntime;

namespace ImageSearch.Core.Models.Generation;

/// <summary>
/// A decoder export opened with ONNX Runtime: a merged decoder (<c>decoder_model_merged.onnx</c>, with key/value cache
/// and <c>use_cache_branch</c>), or a plain one without cache inputs that is fed the whole sequence every step.
/// Thread-safe: every generation gets its own <see cref="OnnxDecoderRun"/>.
/// </summary>
public sealed class OnnxDecoder : IDisposable
{
    private readonly InferenceSession _session;

    private OnnxDecoder(InferenceSession session, DecoderIo io, string modelId, string path, int vocabularySize)
    {
        _session = session;
        Io = io;
        ModelId = modelId;
        Path = path;
        VocabularySize = vocabularySize;
    }

    public string ModelId { get; }

    public string Path { get; }

    public int VocabularySize { get; }

    /// <summary>Whether the export takes past key/values (then each step after the first feeds one token per row).</summary>
    public bool HasCache => Io.Past.Count > 0;

    /// <summary>Whether the export takes <c>encoder_hidden_states</c> (an encoder-decoder captioner).</summary>
    public bool TakesEncoderStates => Io.HasEncoderHiddenStates;

    internal DecoderIo Io { get; }

    internal InferenceSession Session => _session;

    /// <summary>Opens and checks the file; throws <see cref="ModelUnavailableException"/> naming the file and the reason.</summary>
    public static OnnxDecoder Open(string modelId, string path, int vocabularySize, int intraOpNumThreads)
    {
        var session = OnnxSessions.FromFile(modelId, path, intraOpNumThreads);
        try
        {
            var io = DecoderIo.Read(session, modelId, path);
            var logitsShape = session.OutputMetadata[DecoderIo.Logits].Dimensions;
            if (logitsShape.Length != 3 || (logitsShape[2] > 0 && logitsShape[2] != vocabularySize))
            {
                throw new ModelUnavailableException(modelId, path,
                    $"its logits are [{string.Join(", ", logitsShape)}]; expected [batch, sequence, {vocabularySize}]");
            }

            return new OnnxDecoder(session, io, modelId, path, vocabularySize);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts a generation. <paramref name="encoder"/> is required when <see cref="TakesEncoderStates"/>;
    /// <paramref name="useCache"/> false feeds the whole sequence every step even when the export has a cache.
    /// </summary>
    public OnnxDecoderRun Start(EncoderOutput? encoder, bool useCache = true)
    {
        if (TakesEncoderStates && encoder is null)
        {
            throw new ArgumentNullException(nameof(encoder), $"The decoder of '{ModelId}' needs the encoder's hidden states.");
        }

        return new OnnxDecoderRun(this, TakesEncoderStates ? encoder : null, useCache && HasCache);
    }

    public void Dispose() => _session.Dispose();
}
