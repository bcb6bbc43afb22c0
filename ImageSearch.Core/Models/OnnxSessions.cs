using Microsoft.ML.OnnxRuntime;

namespace ImageSearch.Core.Models;

/// <summary>
/// Opens ONNX Runtime sessions so that a missing, corrupt or unexpected model ends in a <see cref="ModelUnavailableException"/>
/// naming the file, not in an ONNX Runtime error at the first request; and runs them with cancellation.
/// </summary>
public static class OnnxSessions
{
    public static InferenceSession FromFile(string modelId, string path, int intraOpNumThreads)
    {
        if (!File.Exists(path))
        {
            throw new ModelUnavailableException(modelId, path, "the file does not exist");
        }

        return Create(modelId, path, options => new InferenceSession(path, options), intraOpNumThreads);
    }

    /// <summary>Opens a model held in memory; <paramref name="source"/> says where it came from, for error messages.</summary>
    public static InferenceSession FromBytes(string modelId, string source, byte[] model, int intraOpNumThreads) =>
        Create(modelId, source, options => new InferenceSession(model, options), intraOpNumThreads);

    /// <summary>Checks that the session has the named inputs and outputs; disposes it and throws if not.</summary>
    public static InferenceSession Expect(
        this InferenceSession session, string modelId, string path, IEnumerable<string> inputs, IEnumerable<string> outputs)
    {
        var missingInputs = inputs.Where(name => !session.InputMetadata.ContainsKey(name)).ToList();
        var missingOutputs = outputs.Where(name => !session.OutputMetadata.ContainsKey(name)).ToList();
        if (missingInputs.Count == 0 && missingOutputs.Count == 0)
        {
            return session;
        }

        var reason = $"it is not the expected model: missing inputs [{string.Join(", ", missingInputs)}], missing outputs "
            + $"[{string.Join(", ", missingOutputs)}]; it has inputs [{string.Join(", ", session.InputMetadata.Keys)}] "
            + $"and outputs [{string.Join(", ", session.OutputMetadata.Keys)}]";
        session.Dispose();
        throw new ModelUnavailableException(modelId, path, reason);
    }

    /// <summary>Runs <paramref name="session"/>; cancelling <paramref name="cancellationToken"/> stops a run in progress.</summary>
    public static IDisposableReadOnlyCollection<OrtValue> Run(
        this InferenceSession session,
        IReadOnlyDictionary<string, OrtValue> inputs,
        IReadOnlyCollection<string> outputs,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        try
        {
            return session.Run(runOptions, inputs.Keys.ToList(), inputs.Values.ToList(), outputs);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private static InferenceSession Create(
        string modelId, string path, Func<SessionOptions, InferenceSession> open, int intraOpNumThreads)
    {
        OnnxEnvironment.EnsureConfigured();
        // The session copies its options, so they can be released right after it is created.
        using var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpNumThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            EnableCpuMemArena = false,
        };
        try
        {
            return open(options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelUnavailableException(modelId, path, $"ONNX Runtime cannot load it: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelUnavailableException(modelId, path, $"it cannot be read: {e.Message}", e);
        }
    }
}
