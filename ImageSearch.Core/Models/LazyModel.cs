using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using ImageSearch.Core.Embeddings;
using Microsoft.ML.OnnxRuntime;

namespace ImageSearch.Core.Models;

/// <summary>
/// The one way every model is loaded: on first use, once, thread-safe. Files may appear after the app started (a later
/// download), so missing files are checked again on every call (cheap) and never remembered; a failed load (corrupt or
/// foreign file) is remembered until one of the files changes (size or time), so a broken download is not reloaded on
/// every request; a loaded model stays loaded. <see cref="Status"/> never throws and its reason names files relative to
/// the model folder, never server paths; <see cref="Get"/> throws <see cref="ModelUnavailableException"/> (clients see
/// no path either; its <c>Message</c>, for logs, names the file).
/// </summary>
public sealed class LazyModel<T> : IDisposable
    where T : class, IDisposable
{
    private readonly ModelFiles _files;
    private readonly Func<T> _load;
    private readonly Lock _gate = new();
    private T? _model;
    private (string Stamp, ModelUnavailableException Error)? _failure;

    /// <param name="files">Where the model is and what its load reads.</param>
    /// <param name="load">Loads the model; throws <see cref="ModelUnavailableException"/> (or an I/O or format error) when it cannot.</param>
    public LazyModel(ModelFiles files, Func<T> load)
    {
        _files = files;
        _load = load;
    }

    public string ModelId => _files.ModelId;

    /// <summary>Available once loaded; otherwise unavailable with the reason (loads if the files are there).</summary>
    public ModelStatus Status
    {
        get
        {
            var error = Load(out var model);
            return model is not null ? ModelStatus.Available("loaded") : ModelStatus.Unavailable(Reason(error!), error!.InnerException is null ? null : _files.WithoutServerPaths(error.Message));
        }
    }

    /// <summary>The model, loading it if needed; false with a reason for operators when it cannot be loaded.</summary>
    public bool TryGet([NotNullWhen(true)] out T? model, out string reason)
    {
        var error = Load(out model);
        reason = error is null ? string.Empty : Reason(error);
        return model is not null;
    }

    /// <summary>The model; throws <see cref="ModelUnavailableException"/> when it cannot be loaded.</summary>
    public T Get()
    {
        var error = Load(out var model);
        return model ?? throw new ModelUnavailableException(error!.ModelId, error.Path, error.Reason, error.InnerException);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _model?.Dispose();
            _model = null;
        }
    }

    private ModelUnavailableException? Load(out T? model)
    {
        lock (_gate)
        {
            model = _model;
            if (model is not null)
            {
                return null;
            }

            var missing = _files.Files.Where(f => !File.Exists(_files.PathOf(f))).ToList();
            if (missing.Count > 0)
            {
                return Missing(missing);
            }

            var stamp = Stamp();
            if (_failure is { } failure && failure.Stamp == stamp)
            {
                return failure.Error;
            }

            try
            {
                _model = model = _load();
                _failure = null;
                return null;
            }
            catch (Exception e) when (e is ModelUnavailableException or IOException or UnauthorizedAccessException
                or InvalidDataException or JsonException or FormatException or OnnxRuntimeException)
            {
                var error = e as ModelUnavailableException
                    ?? new ModelUnavailableException(_files.ModelId, _files.Directory ?? _files.ModelId, $"it cannot be read: {e.Message}", e);
                _failure = (stamp, error);
                return error;
            }
        }
    }

    private ModelUnavailableException Missing(List<string> missing)
    {
        var names = string.Join(", ", missing.Select(_files.Display));
        var reason = _files.Downloaded
            ? $"'{_files.ModelId}' is not downloaded: {names} missing in the model folder (scripts/download-models.sh {_files.ModelId})"
            : $"{names} does not exist in the model folder";
        return new ModelUnavailableException(_files.ModelId, _files.PathOf(missing[0]), reason);
    }

    /// <summary>
    /// The public reason: which files are missing, or which file cannot be loaded. An exception's own text (ONNX Runtime,
    /// IO, JSON) stays out of it: it can name server paths and internals; <see cref="ModelStatus.Diagnostic"/> carries it to the log.
    /// </summary>
    private string Reason(ModelUnavailableException error) => _files.WithoutServerPaths(
        error.Reason.StartsWith($"'{_files.ModelId}'", StringComparison.Ordinal)
            ? error.Reason
            : error.InnerException is null
                ? $"'{_files.ModelId}' cannot be loaded: {error.Reason} ({error.Path})"
                : $"'{_files.ModelId}' cannot be loaded: {error.Path} is damaged or not the expected export (the server log has the error)");

    private string Stamp() => string.Join("|", _files.Files.Select(f =>
    {
        var info = new FileInfo(_files.PathOf(f));
        return $"{info.Length}:{info.LastWriteTimeUtc.Ticks}";
    }));
}
