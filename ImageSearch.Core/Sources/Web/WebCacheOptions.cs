using System.ComponentModel.DataAnnotations;

namespace ImageSearch.Core.Sources.Web;

/// <summary>Section "WebCache". Where: <c>Storage__WebCacheTable</c> and <c>Storage__WebCacheContainer</c>.</summary>
public sealed class WebCacheOptions
{
    public const string SectionName = "WebCache";

    /// <summary>How long a fetched image is reused for its URL before it is fetched again.</summary>
    [Range(0, 24 * 365)]
    public double TtlHours { get; set; } = 24 * 7;

    /// <summary>How long a refused URL (blocked, broken, not an image, too large) is not tried again.</summary>
    [Range(0, 24 * 60)]
    public double RejectionTtlMinutes { get; set; } = 60;
}
