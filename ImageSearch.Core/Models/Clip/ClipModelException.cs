using ImageSearch.Core.Errors;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// The CLIP tier cannot run: a file is missing, corrupt, or does not have the inputs and outputs of the export.
/// Maps to 503: the service works, this model does not until the files are downloaded again.
/// </summary>
public sealed class ClipModelException(string detail, Exception? inner = null)
    : ImageSearchException("model-unavailable", ErrorKind.Unavailable, "Model unavailable", detail, inner);
