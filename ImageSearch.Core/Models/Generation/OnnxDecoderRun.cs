using Microsoft.ML.OnnxRuntime;

namespace ImageSearch.Core.Models.Generation;

/// <summary>
/// One generation against an <see cref="OnnxDecoder"/>: feeds the rows the search asks about and returns the logits of
/// their last position. With the cache, the first step feeds the whole prompt with an empty past and
/// <c>use_cache_branch</c> false; later steps feed one token per row, the past reordered by parent row, and
/// <c>use_cache_branch</c> true. Without it, every step feeds the whole rows. <c>attention_mask</c> and
/// <c>encoder_attention_mask</c> (all ones: rows are never padded) and <c>position_ids</c> are fed when the export declares them.
/// </summary>
public sealed class OnnxDecoderRun : ILogitsSource
{
    private readonly OnnxDecoder _decoder;
    private readonly EncoderOutput? _encoder;
    private readonly bool _useCache;
    private KeyValueCache? _cache;
    private (int Rows, float[] Data)? _encoderRows;

    internal OnnxDecoderRun(OnnxDecoder decoder, EncoderOutput? encoder, bool useCache)
    {
        _decoder = decoder;
        _encoder = encoder;
        _useCache = useCache;
    }

    public int VocabularySize => _decoder.VocabularySize;

    /// <summary>Whether steps after the first feed only the new token.</summary>
    public bool UsesCache => _useCache;

    /// <summary>Decoder runs so far.</summary>
    public int Steps { get; private set; }

    /// <summary>Tokens fed to the decoder so far, over all rows and steps (what the cache saves).</summary>
    public long TokensFed { get; private set; }

    public float[] Next(IReadOnlyList<IReadOnlyList<int>> rows, IReadOnlyList<int>? parents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var length = rows.Count > 0 ? rows[0].Count : 0;
        if (length == 0 || rows.Any(r => r.Count != length))
        {
            throw new ArgumentException("Rows must be non-empty and of equal length.", nameof(rows));
        }

        var io = _decoder.Io;
        var cached = _useCache && _cache is not null && parents is not null;
        var past = cached ? _cache!.Reorder(parents!) : KeyValueCache.Empty(io.Past, rows.Count);
        if (past.Length != 0 && past.Length != length - 1)
        {
            throw new InvalidOperationException($"The cache holds {past.Length} tokens per row; rows of {length} tokens need {length - 1}.");
        }

        var fed = length - past.Length;
        var inputs = new DecoderInputs();
        try
        {
            inputs.AddInt64(DecoderIo.InputIds, rows.SelectMany(r => r.Skip(past.Length)).Select(t => (long)t), rows.Count, fed);
            if (io.HasAttentionMask)
            {
                inputs.AddInt64(DecoderIo.AttentionMask, Enumerable.Repeat(1L, rows.Count * length), rows.Count, length);
            }

            if (io.HasPositionIds)
            {
                var positions = Enumerable.Range(past.Length, fed).Select(p => (long)p).ToArray();
                inputs.AddInt64(DecoderIo.PositionIds, Enumerable.Repeat(positions, rows.Count).SelectMany(p => p), rows.Count, fed);
            }

            if (_encoder is not null)
            {
                inputs.Add(DecoderIo.EncoderHiddenStates, OrtValue.CreateTensorValueFromMemory(
                    EncoderRows(rows.Count), [rows.Count, _encoder.Length, _encoder.Width]));
                if (io.HasEncoderAttentionMask)
                {
                    inputs.AddInt64(DecoderIo.EncoderAttentionMask, Enumerable.Repeat(1L, rows.Count * _encoder.Length), rows.Count, _encoder.Length);
                }
            }

            if (io.HasUseCacheBranch)
            {
                inputs.Add(DecoderIo.UseCacheBranch, OrtValue.CreateTensorValueFromMemory(new[] { past.Length > 0 }, [1]));
            }

            foreach (var (name, value) in past.ToInputs())
            {
                inputs.Add(name, value);
            }

            var logits = Run(inputs, rows.Count, fed, length, cancellationToken);
            Steps++;
            TokensFed += (long)rows.Count * fed;
            return logits;
        }
        finally
        {
            inputs.Dispose();
        }
    }

    private float[] Run(DecoderInputs inputs, int rows, int fed, int length, CancellationToken cancellationToken)
    {
        var io = _decoder.Io;
        List<string> outputs = [DecoderIo.Logits, .. _useCache ? io.Past.Select(p => p.Output) : []];
        IDisposableReadOnlyCollection<OrtValue> results;
        try
        {
            results = _decoder.Session.Run(inputs.Values, outputs, cancellationToken);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelUnavailableException(_decoder.ModelId, _decoder.Path, $"the decoder failed to run: {e.Message}", e);
        }

        using (results)
        {
            if (_useCache)
            {
                _cache = KeyValueCache.Read(io.Past, [.. results.Skip(1)], rows, length);
            }

            return LastPositionLogits(results[0], rows, fed);
        }
    }

    private float[] LastPositionLogits(OrtValue logits, int rows, int fed)
    {
        var vocabulary = VocabularySize;
        var shape = logits.GetTensorTypeAndShape().Shape;
        if (shape is not [var r, var s, var v] || r != rows || s != fed || v != vocabulary)
        {
            throw new ModelUnavailableException(_decoder.ModelId, _decoder.Path,
                $"the decoder returned logits [{string.Join(", ", shape)}] for [{rows}, {fed}] tokens; expected [{rows}, {fed}, {vocabulary}]");
        }

        var data = logits.GetTensorDataAsSpan<float>();
        var last = new float[rows * vocabulary];
        for (var row = 0; row < rows; row++)
        {
            data.Slice(((row * fed) + fed - 1) * vocabulary, vocabulary).CopyTo(last.AsSpan(row * vocabulary));
        }

        return last;
    }

    private float[] EncoderRows(int rows)
    {
        if (_encoderRows is not { } cached || cached.Rows != rows)
        {
            _encoderRows = cached = (rows, _encoder!.Repeat(rows));
        }

        return cached.Data;
    }
}
