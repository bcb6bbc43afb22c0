using System.Diagnostics;
using ImageSearch.Core.Fetching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Sources.Web;

/// <summary>
/// Web candidates: DuckDuckGo results for the query text and each variation (merged round-robin, de-duplicated by image
/// URL), then the images themselves through the cache or the <see cref="SafeImageFetcher"/>, within the per-search deadline
/// (<see cref="SafeFetchOptions.SearchDeadlineSeconds"/>). Broken candidates are skipped and replaced by later results.
/// Throws <see cref="SourceUnavailableException"/> only when DuckDuckGo itself gave nothing for any of the texts.
/// </summary>
public sealed partial class DuckDuckGoImageSource(
    DuckDuckGoClient duckDuckGo, WebImageCollector collector, IOptions<SafeFetchOptions> options, ILogger<DuckDuckGoImageSource> logger)
    : IImageSource
{
    public const string SourceName = "duckduckgo";

    /// <summary>Results kept per wanted candidate, so refused or broken images can be replaced (up to three in four).</summary>
    private const int SpareFactor = 4;

    public string Name => SourceName;

    public async Task<IReadOnlyList<Candidate>> FindAsync(SourceQuery query, int max, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(options.Value.SearchDeadlineSeconds));

        var results = await SearchAllAsync(query, max, deadline.Token, cancellationToken);
        var collection = await collector.CollectAsync(results, max, deadline.Token, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        LogCollected(results.Count, collection.Candidates.Count, collection.FromCache, collection.Fetched, collection.Refused,
            deadline.IsCancellationRequested, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return collection.Candidates;
    }

    private async Task<IReadOnlyList<DuckDuckGoResult>> SearchAllAsync(
        SourceQuery query, int max, CancellationToken deadline, CancellationToken cancellationToken)
    {
        var texts = new[] { query.Text }.Concat(query.Variations)
            .Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var searches = texts.Select(text => SearchOneAsync(text, max, deadline)).ToList();
        var answers = await Task.WhenAll(searches);
        cancellationToken.ThrowIfCancellationRequested();

        if (answers.All(a => a.Failure is not null))
        {
            throw answers.Select(a => a.Failure).First()!;
        }

        return Interleave(answers.Select(a => a.Results).ToList(), max * SpareFactor);
    }

    private async Task<(IReadOnlyList<DuckDuckGoResult> Results, SourceUnavailableException? Failure)> SearchOneAsync(
        string text, int max, CancellationToken deadline)
    {
        try
        {
            return (await duckDuckGo.SearchAsync(text, max, deadline), null);
        }
        catch (SourceUnavailableException e)
        {
            return ([], e);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested)
        {
            return ([], new SourceUnavailableException(SourceName, "no answer before the search deadline", e));
        }
    }

    /// <summary>Round-robin over the texts' result lists, first occurrence of each image URL only.</summary>
    private static List<DuckDuckGoResult> Interleave(IReadOnlyList<IReadOnlyList<DuckDuckGoResult>> lists, int limit)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var merged = new List<DuckDuckGoResult>();
        for (var i = 0; merged.Count < limit && lists.Any(l => i < l.Count); i++)
        {
            foreach (var list in lists)
            {
                if (i < list.Count && merged.Count < limit && seen.Add(list[i].Image.AbsoluteUri))
                {
                    merged.Add(list[i]);
                }
            }
        }

        return merged;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Web source: {ResultCount} results, {CandidateCount} candidates ({FromCache} cached, {Fetched} fetched, {Refused} refused), deadline hit {DeadlineHit}, {ElapsedMs} ms")]
    private partial void LogCollected(int resultCount, int candidateCount, int fromCache, int fetched, int refused, bool deadlineHit, double elapsedMs);
}
