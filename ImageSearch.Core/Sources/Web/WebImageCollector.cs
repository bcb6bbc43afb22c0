using System.Collections.Concurrent;
using System.Diagnostics;
using ImageSearch.Core.Fetching;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Sources.Web;

/// <summary>
/// Turns search results into candidates: at most <see cref="SafeFetchOptions.MaxConcurrencyPerSearch"/> workers take the
/// results in order, each from the <see cref="IWebImageCache"/> or else through the <see cref="SafeImageFetcher"/>, until
/// enough distinct images (by content hash) arrived, the results ran out, or the deadline passed. A cache that fails is
/// logged and bypassed; it never fails the search.
/// </summary>
public sealed partial class WebImageCollector(
    SafeImageFetcher fetcher, IWebImageCache cache, IOptions<SafeFetchOptions> options, ILogger<WebImageCollector> logger)
{
    private static readonly TimeSpan CacheWriteTimeout = TimeSpan.FromSeconds(5);

    public sealed record Collection(IReadOnlyList<Candidate> Candidates, int FromCache, int Fetched, int Refused);

    /// <param name="results">DuckDuckGo's results, best first.</param>
    /// <param name="max">Distinct images wanted.</param>
    /// <param name="deadline">The search's deadline (it includes <paramref name="cancellationToken"/>).</param>
    /// <param name="cancellationToken">The caller's: a caller giving up is not held against a slow host.</param>
    public async Task<Collection> CollectAsync(
        IReadOnlyList<DuckDuckGoResult> results, int max, CancellationToken deadline, CancellationToken cancellationToken)
    {
        var accepted = new ConcurrentDictionary<string, (int Order, Candidate Candidate)>(StringComparer.Ordinal);
        int next = -1, fromCache = 0, fetched = 0, refused = 0;
        var workers = Enumerable.Range(0, Math.Min(options.Value.MaxConcurrencyPerSearch, Math.Max(1, results.Count))).Select(async _ =>
        {
            while (!deadline.IsCancellationRequested && accepted.Count < max && Interlocked.Increment(ref next) is var i && i < results.Count)
            {
                var (candidate, cached) = await TryGetAsync(results[i], deadline, cancellationToken);
                if (candidate is null)
                {
                    Interlocked.Increment(ref refused);
                    continue;
                }

                Interlocked.Increment(ref cached ? ref fromCache : ref fetched);
                // The same image at two URLs counts once, as the earlier result, whichever arrived first.
                accepted.AddOrUpdate(candidate.ContentHash!, (i, candidate), (_, kept) => kept.Order < i ? kept : (i, candidate));
            }
        });
        await Task.WhenAll(workers);
        var candidates = accepted.Values.OrderBy(x => x.Order).Take(max).Select(x => x.Candidate).ToList();
        return new Collection(candidates, fromCache, fetched, refused);
    }

    private async Task<(Candidate? Candidate, bool Cached)> TryGetAsync(
        DuckDuckGoResult result, CancellationToken deadline, CancellationToken cancellationToken)
    {
        long? fetchStarted = null;
        try
        {
            var lookup = await LookupAsync(result.Image, deadline);
            if (lookup.Image is { } hit)
            {
                return (ToCandidate(result, hit.ContentHash, hit.Jpeg), true);
            }

            if (lookup.Rejection is not null)
            {
                return (null, true);
            }

            fetchStarted = Stopwatch.GetTimestamp();
            var image = await fetcher.FetchAsync(result.Image, deadline);
            var entry = new CachedWebImage(image.ContentHash, image.Jpeg, result.Title, result.Page?.AbsoluteUri);
            await StoreAsync(token => cache.SetAsync(result.Image, entry, token));
            return (ToCandidate(result, image.ContentHash, image.Jpeg), false);
        }
        catch (FetchRejectedException e)
        {
            await StoreAsync(token => cache.SetRejectedAsync(result.Image, e.Reason, token));
            return (null, false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // A fetch the deadline cut off after it had taken half the search's time is remembered like a timeout, so the
            // next search of these words does not wait for it again; one that had only just started is not held against it.
            if (fetchStarted is { } started && !cancellationToken.IsCancellationRequested
                && Stopwatch.GetElapsedTime(started).TotalSeconds >= options.Value.SearchDeadlineSeconds / 2)
            {
                await StoreAsync(token => cache.SetRejectedAsync(result.Image, FetchRejection.Timeout, token));
            }

            return (null, false);
        }
    }

    private async Task<WebCacheLookup> LookupAsync(Uri url, CancellationToken deadline)
    {
        try
        {
            return await cache.GetAsync(url, deadline);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or IOException)
        {
            LogCacheFailed(e);
            return WebCacheLookup.Miss;
        }
    }

    /// <summary>A cache write, bounded in time and independent of the search deadline (the image has already arrived).</summary>
    private async Task StoreAsync(Func<CancellationToken, Task> write)
    {
        using var timeout = new CancellationTokenSource(CacheWriteTimeout);
        try
        {
            await write(timeout.Token);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or IOException or OperationCanceledException)
        {
            LogCacheFailed(e);
        }
    }

    private static Candidate ToCandidate(DuckDuckGoResult result, string contentHash, byte[] jpeg) =>
        new(contentHash[..24], result.Title, result.Page?.Host ?? "", DuckDuckGoImageSource.SourceName, [])
        {
            ImageUrl = result.Image.AbsoluteUri,
            PageUrl = result.Page?.AbsoluteUri,
            ContentHash = contentHash,
            Jpeg = jpeg,
        };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Web image cache unavailable; fetching without it")]
    private partial void LogCacheFailed(Exception exception);
}
