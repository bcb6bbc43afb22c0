using System.Globalization;
using ImageSearch.Core.Search;
using Microsoft.AspNetCore.Http;

namespace ImageSearch.Functions.Http;

public static class ServerTiming
{
    /// <summary>Writes the stage timings as a Server-Timing header (<c>embed;dur=12.3, fetch;dur=0.4</c>).</summary>
    public static void Write(HttpResponse response, IEnumerable<StageTiming> timings) =>
        response.Headers["Server-Timing"] = string.Join(", ",
            timings.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Stage};dur={t.Milliseconds:0.0}")));
}
