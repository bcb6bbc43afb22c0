using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using ImageSearch.Core.Embeddings;
using Microsoft.ML.OnnxRuntime;

namespace ImageSearch.Core.Models;

/// <summary>
/// A model loaded on first use from downloaded files, which may appear after the app started. Missing files are checked
/// again on every call (cheap) and never cached; a failed load (corrupt or foreign file) is remembered until one of the
/// files changes (size or time), so a broken download is not reloaded on every request; a loaded model stays loaded.
/// Never throws from <see cref="Status"/> or <see cref="TryGet"/>.
/// </summary>
public sealed class LazyModel<T> : IDisposable
    where T : class, IDisposable
{
    private readonly string _modelId;
    private readonly string _directory;
    private readonly IReadOnlyList<string> _files;
    private readonly Func<T> _load;
    private readonly Lock _gate = new();
    private T? _model;
    private (string Stamp, string Reason)? _failure;

    /// <param name="modelId">Names the model in reasons.</param>
    /// <param name="directory">Folder the files are in; reasons name files relative to it (no server paths).</param>
    /// <param name="files">Every file the load reads, relative to <paramref name="directory"/>.</param>
    /// <param name="load">Loads the model; throws <see cref="ModelUnavailableException"/> (or an I/O or format error) when it cannot.</param>
    public LazyModel(string modelId, string directory, IReadOnlyList<string> files, Func<T> load)
    {
        _modelId = modelId;
        _directory = directory;
        _files = files;
        _load = load;
    }

    public bool IsLoaded => Volatile.Read(ref _model) is not null;

    /// <summary>Available once loaded; otherwise unavailable with the reason (loads if the files are there).</summary>
    public ModelStatus Status => TryGet(out _, out var reason) ? ModelStatus.Available("loaded") : ModelStatus.Unavailable(reason);

    /// <summary>The model, loading it if needed; false with a reason for operators when it cannot be loaded.</summary>
    public bool TryGet([NotNullWhen(true)] out T? model, out string reason)
    {
        lock (_gate)
        {
            reason = string.Empty;
            model = _model;
            if (model is not null)
            {
                return true;
            }

            var missing = _files.Where(f => !File.Exists(Path.Combine(_directory, f))).ToList();
            if (missing.Count > 0)
            {
                reason = $"'{_modelId}' is not downloaded: {string.Join(", ", missing)} missing in the model folder (scripts/download-models.sh {_modelId})";
                return false;
            }

            var stamp = Stamp();
            if (_failure is { } failure && failure.Stamp == stamp)
            {
                reason = failure.Reason;
                return false;
            }

            try
            {
                model = _load();
                Volatile.Write(ref _model, model);
                _failure = null;
                return true;
            }
            catch (Exception e) when (e is ModelUnavailableException or IOException or UnauthorizedAccessException
                or InvalidDataException or JsonException or FormatException or OnnxRuntimeException)
            {
                reason = Relative(e is ModelUnavailableException unavailable
                    ? $"'{_modelId}' cannot be loaded: {unavailable.Reason} ({unavailable.Path})"
                    : $"'{_modelId}' cannot be loaded: {e.Message}");
                _failure = (stamp, reason);
                return false;
            }
        }
    }

    /// <summary>The model; throws <see cref="ModelUnavailableException"/> (503) when it cannot be loaded.</summary>
    public T Get() => TryGet(out var model, out var reason) ? model : throw new ModelUnavailableException(_modelId, _directory, reason);

    public void Dispose()
    {
        lock (_gate)
        {
            _model?.Dispose();
            _model = null;
        }
    }

    /// <summary>File paths in a reason (ONNX Runtime quotes them) made relative to the model folder.</summary>
    private string Relative(string reason)
    {
        foreach (var folder in new[] { Path.GetFullPath(_directory), _directory }.Select(d => Path.TrimEndingDirectorySeparator(d)))
        {
            reason = reason.Replace(folder + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal);
        }

        return reason;
    }

    private string Stamp() => string.Join("|", _files.Select(f =>
    {
        var info = new FileInfo(Path.Combine(_directory, f));
        return $"{info.Length}:{info.LastWriteTimeUtc.Ticks}";
    }));
}
