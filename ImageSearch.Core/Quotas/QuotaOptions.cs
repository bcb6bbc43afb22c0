using System.ComponentModel.DataAnnotations;

namespace ImageSearch.Core.Quotas;

/// <summary>
/// Section "Quotas": how many requests of each kind one client address (or one session) may make per minute. Each is a
/// token bucket: a full minute's budget may be spent at once, then it refills evenly. An anonymous public service needs
/// them; 0 turns one off. docs/security.md lists them.
/// </summary>
public sealed class QuotaOptions
{
    public const string SectionName = "Quotas";

    [Range(0, 1_000_000)]
    public int SessionsPerMinutePerClient { get; set; } = 20;

    [Range(0, 1_000_000)]
    public int SearchesPerMinutePerClient { get; set; } = 120;

    [Range(0, 1_000_000)]
    public int SearchesPerMinutePerSession { get; set; } = 30;

    [Range(0, 1_000_000)]
    public int UploadsPerMinutePerClient { get; set; } = 30;

    /// <summary>
    /// Ranking calls per client that reach the web source when it is on: each costs DuckDuckGo queries (shared by every
    /// user, behind one circuit breaker) and up to a few dozen image fetches.
    /// </summary>
    [Range(0, 1_000_000)]
    public int WebSearchesPerMinutePerClient { get; set; } = 20;

    public int PerMinute(Quota quota) => quota switch
    {
        Quota.SessionsPerClient => SessionsPerMinutePerClient,
        Quota.SearchesPerClient => SearchesPerMinutePerClient,
        Quota.SearchesPerSession => SearchesPerMinutePerSession,
        Quota.UploadsPerClient => UploadsPerMinutePerClient,
        Quota.WebSearchesPerClient => WebSearchesPerMinutePerClient,
        _ => throw new ArgumentOutOfRangeException(nameof(quota), quota, null),
    };

    /// <summary>The setting's name, for messages and docs.</summary>
    public static string SettingOf(Quota quota) => quota switch
    {
        Quota.SessionsPerClient => $"{SectionName}__{nameof(SessionsPerMinutePerClient)}",
        Quota.SearchesPerClient => $"{SectionName}__{nameof(SearchesPerMinutePerClient)}",
        Quota.SearchesPerSession => $"{SectionName}__{nameof(SearchesPerMinutePerSession)}",
        Quota.UploadsPerClient => $"{SectionName}__{nameof(UploadsPerMinutePerClient)}",
        Quota.WebSearchesPerClient => $"{SectionName}__{nameof(WebSearchesPerMinutePerClient)}",
        _ => throw new ArgumentOutOfRangeException(nameof(quota), quota, null),
    };
}
