using System.Text.Json;
using ImageSearch.Core.Errors;
using ImageSearch.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ImageSearch.Functions.Http;

/// <summary>
/// The one place where exceptions become RFC 7807 problem details. Known errors keep their stable type; anything else is a
/// 500 with a generic text (the exception goes to the log, never to the client).
/// </summary>
public static class ProblemDetailsMapper
{
    public const string TypeBase = "https://imagesearch.dev/problems/";
    public const string ContentType = "application/problem+json";

    /// <summary>
    /// Every problem answer is never cached: the exact headers ASP.NET Core's exception handler sets, written here so
    /// that the host path (which has no such handler) answers the same.
    /// </summary>
    public const string NoStore = "no-cache,no-store";

    public static ProblemDetails Map(Exception exception, HttpContext? context = null)
    {
        var problem = exception switch
        {
            ImageSearchException known => Create(StatusOf(known.Kind), known.Code, known.Title, known.Detail),
            JsonException => Create(400, "malformed-json", "Malformed JSON", "The request body is not valid JSON of the expected shape."),
            BadHttpRequestException bad => Create(bad.StatusCode, "bad-request", "Bad request", bad.Message),
            OperationCanceledException when context?.RequestAborted.IsCancellationRequested == true =>
                Create(499, "request-cancelled", "Request cancelled", "The client cancelled the request."),
            _ when StorageOutage.IsOutage(exception) => Create(503, "storage-unavailable", "Storage unavailable",
                "The service's storage cannot be reached right now. Retry in a few seconds."),
            _ => Create(500, "internal-error", "Internal error", "The server failed to process the request. It has been logged."),
        };
        if (context is not null)
        {
            problem.Instance = context.Request.Path;
            problem.Extensions["traceId"] = context.TraceIdentifier;
        }

        return problem;
    }

    /// <summary>The HTTP status of each kind of domain error (Core knows kinds, not status codes).</summary>
    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Invalid => StatusCodes.Status400BadRequest,
        ErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.UnsupportedFormat => StatusCodes.Status415UnsupportedMediaType,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>When a client may retry: what the domain error says (quota, busy decoder); a storage outage in a few seconds.</summary>
    private static int? RetryAfterSeconds(ProblemDetails problem, Exception exception) => exception switch
    {
        ImageSearchException { RetryAfterSeconds: { } seconds } => seconds,
        _ when problem.Type == TypeBase + "storage-unavailable" => StorageOutage.RetryAfterSeconds,
        _ => null,
    };

    public static ObjectResult ToResult(ProblemDetails problem) =>
        new(problem) { StatusCode = problem.Status, ContentTypes = { ContentType } };

    /// <summary>A problem answer for a status with no exception behind it (unknown route, wrong method).</summary>
    public static ProblemDetails Create(int status, string type, string title, string detail) =>
        new() { Status = status, Type = TypeBase + type, Title = title, Detail = detail };

    /// <summary>Writes <paramref name="problem"/>, the answer to <paramref name="exception"/>, with its no-store and Retry-After headers.</summary>
    public static async Task WriteAsync(HttpContext context, ProblemDetails problem, Exception exception)
    {
        context.Response.Clear();
        context.Response.StatusCode = problem.Status ?? 500;
        context.Response.Headers.CacheControl = NoStore;
        context.Response.Headers.Pragma = "no-cache";
        context.Response.Headers.Expires = "-1";
        if (RetryAfterSeconds(problem, exception) is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await context.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, ContentType, context.RequestAborted);
    }
}
