using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Quotas;

/// <summary>
/// Per-client and per-session request quotas (System.Threading.RateLimiting token buckets, one partition per key; idle
/// partitions are dropped by the limiter). Per instance: with several instances a client gets each instance's budget,
/// which bounds the cost per instance, the resource that runs out. <see cref="Demand"/> throws
/// <see cref="QuotaExceededException"/> when a budget is spent.
/// </summary>
public sealed partial class RequestQuotas : IDisposable
{
    private readonly Dictionary<Quota, PartitionedRateLimiter<string>> _limiters;
    private readonly ILogger<RequestQuotas> _logger;

    public RequestQuotas(IOptions<QuotaOptions> options, ILogger<RequestQuotas> logger)
    {
        _logger = logger;
        _limiters = Enum.GetValues<Quota>()
            .Where(q => options.Value.PerMinute(q) > 0)
            .ToDictionary(q => q, q => Limiter(options.Value.PerMinute(q)));
    }

    /// <summary>Takes one request of <paramref name="quota"/> from <paramref name="key"/>'s budget, or throws.</summary>
    public void Demand(Quota quota, string key)
    {
        if (!_limiters.TryGetValue(quota, out var limiter))
        {
            return;
        }

        using var lease = limiter.AttemptAcquire(key);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
            LogRefused(quota, retryAfter.TotalSeconds);
            throw new QuotaExceededException(quota, retryAfter);
        }
    }

    /// <summary>
    /// A search, refinement, undo or re-ranking: the client's and the session's search budgets, and the client's web budget
    /// when it <paramref name="reachesTheWeb"/>.
    /// </summary>
    public void DemandSearch(string client, string sessionId, bool reachesTheWeb)
    {
        Demand(Quota.SearchesPerClient, client);
        Demand(Quota.SearchesPerSession, sessionId);
        if (reachesTheWeb)
        {
            Demand(Quota.WebSearchesPerClient, client);
        }
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }

    // A full minute's budget at once, then an even refill: perMinute / 60 per second, in steps of at most 1 s.
    private static PartitionedRateLimiter<string> Limiter(int perMinute) => PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = Math.Max(1, perMinute / 60),
            ReplenishmentPeriod = TimeSpan.FromSeconds(perMinute >= 60 ? 1 : 60.0 / perMinute),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    // No key in the log: client addresses and session ids are personal data and bearer secrets.
    [LoggerMessage(Level = LogLevel.Information, Message = "Quota {Quota} used up; retry after {RetryAfterSeconds} s")]
    private partial void LogRefused(Quota quota, double retryAfterSeconds);
}
