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

    /// <summary>
    /// Whether the session API still takes the session id in the URL path (<c>/api/sessions/{id}/search</c>), the first
    /// API's form, besides <c>/api/sessions/current/search</c> with the id in the <c>Session-Id</c> header. The id is the
    /// session's only secret and every URL reaches logs (the Functions host's platform log, proxies): turn this off in
    /// production (the bicep template does) once no client of the first form is left; the page never uses it.
    /// </summary>
    public bool AcceptIdInPath { get; set; } = true;
}
