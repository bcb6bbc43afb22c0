namespace ImageSearch.Core.Models.Generation;

/// <summary>
/// The model seen by the search algorithms: next-token logits for a set of sequences ("rows"). Between calls the rows
/// grow by one token each and may be reordered or duplicated (beam search); <c>parents</c> says, for each row, which row
/// of the previous call it extends, so an implementation with a key/value cache can reorder its cache and feed only the
/// new token.
/// </summary>
public interface ILogitsSource
{
    int VocabularySize { get; }

    /// <summary>
    /// Logits of the token after each row, row-major [<paramref name="rows"/>.Count x <see cref="VocabularySize"/>].
    /// All rows have the same length. <paramref name="parents"/> is null on the first call of a generation.
    /// </summary>
    float[] Next(IReadOnlyList<IReadOnlyList<int>> rows, IReadOnlyList<int>? parents, CancellationToken cancellationToken);
}
