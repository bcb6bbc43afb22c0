using ImageSearch.Core.Embeddings;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ImageSearch.Core.Models.Clip;

/// <summary>Shared by both towers: opening a tower's file checked at the boundary, and its output rows as unit-length embeddings.</summary>
internal static partial class ClipEmbeddings
{
    /// <summary>Opens one ONNX file of the export; a missing, corrupt or foreign file is a <see cref="ModelUnavailableException"/> naming it.</summary>
    public static InferenceSession Open(string path, int intraOpThreads, string input, TensorElementType inputType, string output)
    {
        var session = OnnxSessions.FromFile(ClipModel.Id, path, intraOpThreads).Expect(ClipModel.Id, path, [input], [output]);
        if (session.InputMetadata[input].ElementDataType != inputType || session.OutputMetadata[output].ElementDataType != TensorElementType.Float)
        {
            session.Dispose();
            throw new ModelUnavailableException(ClipModel.Id, path,
                $"its {input} is not {inputType} or its {output} is not float; it is not the CLIP export this service expects");
        }

        return session;
    }

    /// <summary>Runs a tower on a batch and returns its [batch, 512] output as unit-length CLIP embeddings.</summary>
    public static IEnumerable<Embedding> Run(
        InferenceSession session, string path, IReadOnlyDictionary<string, OrtValue> inputs, string output, int batch, CancellationToken cancellationToken)
    {
        using var results = session.Run(inputs, [output], cancellationToken);
        var shape = results[0].GetTensorTypeAndShape().Shape;
        if (shape is not [var rows, ClipModel.EmbeddingDimensions] || rows != batch)
        {
            throw new ModelUnavailableException(ClipModel.Id, path,
                $"it returned {output} of shape [{string.Join(", ", shape)}]; expected [{batch}, {ClipModel.EmbeddingDimensions}]");
        }

        var values = results[0].GetTensorDataAsSpan<float>();
        var embeddings = new List<Embedding>(batch);
        for (var row = 0; row < batch; row++)
        {
            var vector = values.Slice(row * ClipModel.EmbeddingDimensions, ClipModel.EmbeddingDimensions).ToArray();
            if (!float.IsFinite(vector.Sum()))
            {
                throw new ModelUnavailableException(ClipModel.Id, path, $"it returned a non-finite embedding (row {row}); the file is likely damaged");
            }

            embeddings.Add(new Embedding(ClipModel.Id, VectorMath.Normalize(vector)));
        }

        return embeddings;
    }

    /// <summary>Runs synchronous work and reports its outcome as a task: failures fault the task, cancellation cancels it.</summary>
    public static Task<IReadOnlyList<Embedding>> AsTask(Func<List<Embedding>> work, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult<IReadOnlyList<Embedding>>(work());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<Embedding>>(cancellationToken);
        }
        catch (Exception e)
        {
            return Task.FromException<IReadOnlyList<Embedding>>(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the CLIP {Tower} tower ({File}) in {ElapsedMs} ms")]
    public static partial void LogLoaded(ILogger logger, string tower, string file, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Embedded {Count} {Inputs} with CLIP in {ElapsedMs} ms")]
    public static partial void LogEmbedded(ILogger logger, int count, string inputs, double elapsedMs);
}
