using System.ComponentModel.DataAnnotations;

namespace ImageSearch.Core.Sources.Web;

/// <summary>The DuckDuckGo image source (section "DuckDuckGo"). Only image search results are used; images come through the safe fetcher.</summary>
public sealed class DuckDuckGoOptions
{
    public const string SectionName = "DuckDuckGo";

    /// <summary>Where the token page and i.js live. Tests point it at a fake on 127.0.0.1.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://duckduckgo.com");

    /// <summary>The <c>l</c> parameter: "wt-wt" is no region.</summary>
    [Required, RegularExpression("^[a-z]{2}-[a-z]{2}$")]
    public string Region { get; set; } = "wt-wt";

    /// <summary>
    /// The <c>p</c> parameter: "1" safe search on (the default: a public service should not show explicit images to
    /// whoever types a query), "-1" off. i.js knows no separate moderate level ("moderate" clients also send "1").
    /// </summary>
    [Required, RegularExpression("^(1|-1)$")]
    public string SafeSearch { get; set; } = "1";

    /// <summary>i.js pages per query text (about 100 results each).</summary>
    [Range(1, 10)]
    public int MaxPages { get; set; } = 2;

    /// <summary>One DuckDuckGo request attempt (token page or i.js).</summary>
    [Range(0.5, 60)]
    public double TimeoutSeconds { get; set; } = 5;

    /// <summary>Retries of a rate-limited (202/403/418/429) or failed request, with exponential backoff and jitter.</summary>
    [Range(0, 6)]
    public int MaxRetries { get; set; } = 2;

    [Range(0.01, 30)]
    public double RetryBaseDelaySeconds { get; set; } = 1;

    /// <summary>After this many failed attempts in a row (rate limited after retries), the circuit opens for <see cref="BreakSeconds"/>.</summary>
    [Range(2, 100)]
    public int BreakAfterFailures { get; set; } = 4;

    [Range(1, 3600)]
    public double BreakSeconds { get; set; } = 60;

    [Required, MinLength(1), MaxLength(300)]
    public string UserAgent { get; set; } =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
}
