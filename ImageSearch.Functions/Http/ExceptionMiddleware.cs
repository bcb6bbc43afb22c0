using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Functions.Http;

/// <summary>Host mode: turns exceptions of HTTP functions into problem details via <see cref="ProblemDetailsMapper"/>.</summary>
public sealed partial class ExceptionMiddleware(ILogger<ExceptionMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.GetHttpContext() is { } http && !http.Response.HasStarted)
        {
            var inner = e is AggregateException { InnerException: { } first } ? first : e;
            var problem = ProblemDetailsMapper.Map(inner, http);
            if (problem.Status >= 500)
            {
                LogUnhandled(inner, context.FunctionDefinition.Name);
            }

            await ProblemDetailsMapper.WriteAsync(http, problem, inner);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed")]
    private partial void LogUnhandled(Exception exception, string functionName);
}
