using System.ComponentModel.DataAnnotations;

namespace ImageSearch.Core.Fetching;

/// <summary>Limits of every remote image fetch (section "WebFetch"). Remote bytes and redirects are hostile.</summary>
public sealed class SafeFetchOptions
{
    public const string SectionName = "WebFetch";

    /// <summary>Largest body accepted, enforced while streaming (and up front from Content-Length).</summary>
    [Range(1024, 64L * 1024 * 1024)]
    public long MaxBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>DNS resolution plus TCP connect of one hop.</summary>
    [Range(0.1, 60)]
    public double ConnectTimeoutSeconds { get; set; } = 3;

    /// <summary>One whole fetch: every hop, headers and body.</summary>
    [Range(0.1, 120)]
    public double TotalTimeoutSeconds { get; set; } = 8;

    [Range(0, 10)]
    public int MaxRedirects { get; set; } = 3;

    /// <summary>Fetches of one search in flight: enough that a search of 30 candidates waits about as long as its slowest fetch.</summary>
    [Range(1, 64)]
    public int MaxConcurrencyPerSearch { get; set; } = 32;

    /// <summary>
    /// Fetches in flight on one instance across all searches. Bounds download memory to about 3 × this × MaxBytes in the
    /// worst (hostile) case; decoding runs at most one image per processor whatever this says.
    /// </summary>
    [Range(1, 256)]
    public int MaxConcurrencyPerInstance { get; set; } = 32;

    /// <summary>After this, a search ranks what has arrived and abandons the rest.</summary>
    [Range(0.1, 120)]
    public double SearchDeadlineSeconds { get; set; } = 6;

    [Required, MinLength(1), MaxLength(300)]
    public string UserAgent { get; set; } =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

    /// <summary>
    /// Exempts exactly 127.0.0.1 and ::1 from the address policy (not the rest of 127/8, not 0.0.0.0, not IPv4-mapped or
    /// other embedded forms). Deliberately not bindable from configuration: only code can turn it on, and only tests and the
    /// local benchmark do (<see cref="PermitLoopbackForLocalTesting"/>), so no app setting can open loopback in Azure.
    /// </summary>
    public bool AllowLoopback { get; private set; }

    public void PermitLoopbackForLocalTesting() => AllowLoopback = true;
}
