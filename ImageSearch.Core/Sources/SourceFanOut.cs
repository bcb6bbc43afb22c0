namespace ImageSearch.Core.Sources;

/// <summary>
/// Asks the selected sources at once and merges their candidates: a source that throws
/// <see cref="SourceUnavailableException"/> is reported in <see cref="Result.Sources"/> and the others still answer.
/// Candidates are de-duplicated by id across sources (catalog and web ids are both the first 24 hex digits of the clean
/// JPEG's SHA-256, so the same image found twice counts once); the first source in the selection order wins.
/// </summary>
public static class SourceFanOut
{
    public sealed record Result(IReadOnlyList<Candidate> Candidates, IReadOnlyList<SourceStatus> Sources);

    public static async Task<Result> FindAsync(
        IReadOnlyList<IImageSource> sources, SourceQuery query, int max, CancellationToken cancellationToken)
    {
        var answers = await Task.WhenAll(sources.Select(source => AskAsync(source, query, max, cancellationToken)));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var merged = answers.SelectMany(a => a.Candidates).Where(c => seen.Add(c.Id)).ToList();
        return new Result(merged, answers.Select(a => a.Status).ToList());
    }

    private static async Task<(IReadOnlyList<Candidate> Candidates, SourceStatus Status)> AskAsync(
        IImageSource source, SourceQuery query, int max, CancellationToken cancellationToken)
    {
        try
        {
            var candidates = await source.FindAsync(query, max, cancellationToken);
            return (candidates, new SourceStatus(source.Name, true, candidates.Count, null));
        }
        catch (SourceUnavailableException e)
        {
            return ([], new SourceStatus(source.Name, false, 0, e.Reason));
        }
    }
}
