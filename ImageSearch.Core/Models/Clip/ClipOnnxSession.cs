using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// One ONNX file of the CLIP export, opened and checked at the boundary: a missing, corrupt or foreign file becomes a
/// <see cref="ClipModelException"/> naming the file, not an ONNX Runtime error at the first request.
/// </summary>
internal sealed class ClipOnnxSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _path;
    private readonly string _output;

    private ClipOnnxSession(InferenceSession session, string path, string output)
    {
        _session = session;
        _path = path;
        _output = output;
    }

    public static ClipOnnxSession Open(string path, int intraOpThreads, string input, TensorElementType inputType, string output)
    {
        if (!File.Exists(path))
        {
            throw new ClipModelException($"CLIP model file '{path}' is missing. Run scripts/download-models.sh clip.");
        }

        InferenceSession session;
        try
        {
            using var options = new SessionOptions
            {
                IntraOpNumThreads = intraOpThreads,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ClipModelException($"CLIP model file '{path}' cannot be loaded (corrupt or incomplete download?): {e.Message}", e);
        }

        try
        {
            Require(session.InputMetadata, input, inputType, path, "input");
            Require(session.OutputMetadata, output, TensorElementType.Float, path, "output");
        }
        catch
        {
            session.Dispose();
            throw;
        }

        return new ClipOnnxSession(session, path, output);
    }

    public bool HasInput(string name) => _session.InputMetadata.ContainsKey(name);

    /// <summary>Runs the model and returns the [batch, <see cref="ClipModel.EmbeddingDimensions"/>] output, row-major.</summary>
    public float[] Run(IReadOnlyDictionary<string, OrtValue> inputs, int batch, CancellationToken cancellationToken)
    {
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        IDisposableReadOnlyCollection<OrtValue> results;
        try
        {
            results = _session.Run(runOptions, inputs, [_output]);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        using (results)
        {
            var result = results[0];
            var shape = result.GetTensorTypeAndShape().Shape;
            if (shape is not [var rows, ClipModel.EmbeddingDimensions] || rows != batch)
            {
                throw new ClipModelException($"'{_path}' returned {_output} of shape [{string.Join(", ", shape)}]; expected [{batch}, {ClipModel.EmbeddingDimensions}].");
            }

            return result.GetTensorDataAsSpan<float>().ToArray();
        }
    }

    public void Dispose() => _session.Dispose();

    private static void Require(IReadOnlyDictionary<string, NodeMetadata> metadata, string name, TensorElementType type, string path, string kind)
    {
        if (!metadata.TryGetValue(name, out var node) || !node.IsTensor || node.ElementDataType != type)
        {
            var found = string.Join(", ", metadata.Select(m => $"{m.Key}:{(m.Value.IsTensor ? m.Value.ElementDataType : m.Value.OnnxValueType)}"));
            throw new ClipModelException($"'{path}' has no {type} {kind} '{name}' (it has {found}); it is not the CLIP export this service expects.");
        }
    }
}
