using ImageSearch.Core.Errors;

namespace ImageSearch.Core.Models;

/// <summary>
/// A model file (or its preprocessing or vocabulary file) is missing, unreadable or not the model the code expects.
/// Clients get a 503 without server paths; <see cref="Message"/> (logs, operators) names the file and the reason.
/// </summary>
public sealed class ModelUnavailableException(string modelId, string path, string reason, Exception? inner = null)
    : ImageSearchException("model-unavailable", ErrorKind.Unavailable, "Model unavailable",
        $"The model '{modelId}' is not available on this server.", inner)
{
    public string ModelId { get; } = modelId;

    /// <summary>The file that failed (a file path, or a resource name for models embedded in an assembly).</summary>
    public string Path { get; } = path;

    public string Reason { get; } = reason;

    public override string Message => $"Model '{ModelId}' is unavailable: {Reason} (file: {Path})";
}
