using System.ComponentModel.DataAnnotations;

namespace ImageSearch.Core.Sessions;

/// <summary>Session lifetime and limits. Section "Sessions".</summary>
public sealed class SessionOptions
{
    public const string SectionName = "Sessions";

    /// <summary>Sessions idle longer than this are deleted by the cleanup timer.</summary>
    [Range(1, 24 * 60)]
    public int IdleTimeoutMinutes { get; set; } = 30;

    public TimeSpan IdleTimeout => TimeSpan.FromMinutes(IdleTimeoutMinutes);
}
