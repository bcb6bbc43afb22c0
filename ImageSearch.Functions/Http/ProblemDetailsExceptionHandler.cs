using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Functions.Http;

/// <summary>Standalone mode: ASP.NET Core's exception handler hook, writing <see cref="ProblemDetailsMapper"/>'s answer.</summary>
public sealed partial class ProblemDetailsExceptionHandler(ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = ProblemDetailsMapper.Map(exception, httpContext);
        if (problem.Status >= 500)
        {
            // The endpoint name, not the path: paths carry session ids, which are never logged.
            LogUnhandled(exception, httpContext.GetEndpoint()?.DisplayName ?? "unknown endpoint");
        }

        await ProblemDetailsMapper.WriteAsync(httpContext, problem, exception);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request to {Endpoint} failed")]
    private partial void LogUnhandled(Exception exception, string endpoint);
}
