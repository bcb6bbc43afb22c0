using ImageSearch.Core.Models.Generation;

namespace ImageSearch.Tests.Models.Generation;

/// <summary>Passes calls through and keeps the parents the search sent.</summary>
internal sealed class RecordingLogitsSource(ILogitsSource inner) : ILogitsSource
{
    public List<IReadOnlyList<int>?> Parents { get; } = [];

    public int VocabularySize => inner.VocabularySize;

    public float[] Next(IReadOnlyList<IReadOnlyList<int>> rows, IReadOnlyList<int>? parents, CancellationToken cancellationToken)
    {
        Parents.Add(parents?.ToList());
        return inner.Next(rows, parents, cancellationToken);
    }
}
