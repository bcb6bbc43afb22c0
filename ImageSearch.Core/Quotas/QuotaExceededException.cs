using ImageSearch.Core.Errors;

namespace ImageSearch.Core.Quotas;

/// <summary>A quota is used up: 429 <c>too-many-requests</c>, retry after the quota has room again (whole seconds, at least 1).</summary>
public sealed class QuotaExceededException(Quota quota, TimeSpan retryAfter)
    : ImageSearchException("too-many-requests", ErrorKind.TooManyRequests, "Too many requests",
        $"{Describe(quota)}. Retry in {Seconds(retryAfter)} s.", retryAfterSeconds: Seconds(retryAfter))
{
    public Quota Quota { get; } = quota;

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    private static string Describe(Quota quota) => quota switch
    {
        Quota.SessionsPerClient => "Too many new sessions from your address",
        Quota.SearchesPerClient => "Too many searches from your address",
        Quota.SearchesPerSession => "Too many searches in this session",
        Quota.UploadsPerClient => "Too many uploads from your address",
        _ => "Too many requests",
    };
}
