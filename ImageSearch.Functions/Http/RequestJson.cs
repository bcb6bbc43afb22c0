using System.Text.Json;
using ImageSearch.Core.Errors;
using Microsoft.AspNetCore.Http;

namespace ImageSearch.Functions.Http;

/// <summary>Reads a JSON request body with a size cap; malformed or missing bodies become 4xx problems.</summary>
public static class RequestJson
{
    private const long MaxBodyBytes = 64 * 1024;
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { AllowTrailingCommas = false };

    public static Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class => ReadAsync<T>(request, whenEmpty: null, cancellationToken);

    /// <summary>As <see cref="ReadAsync{T}(HttpRequest, CancellationToken)"/>, but an empty body gives <paramref name="whenEmpty"/>.</summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, T? whenEmpty, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw new RequestValidationException("body-too-large", $"The request body exceeds {MaxBodyBytes / 1024} KiB.", ErrorKind.TooLarge);
        }

        if (request.ContentType is { Length: > 0 } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new RequestValidationException("unsupported-media-type", "Send the body as application/json.", ErrorKind.UnsupportedFormat);
        }

        // Read at most one byte past the cap: a chunked body without Content-Length is cut off there, not read whole.
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, MaxBodyBytes + 1 - buffer.Length)), cancellationToken)) > 0)
        {
            await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
            if (buffer.Length > MaxBodyBytes)
            {
                throw new RequestValidationException("body-too-large", $"The request body exceeds {MaxBodyBytes / 1024} KiB.", ErrorKind.TooLarge);
            }
        }

        if (buffer.Length == 0 && whenEmpty is not null)
        {
            return whenEmpty;
        }

        if (buffer.Length == 0)
        {
            throw new RequestValidationException("malformed-json", "A JSON request body is required.");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Options)
                ?? throw new RequestValidationException("malformed-json", "The request body must be a JSON object.");
        }
        catch (JsonException)
        {
            throw new RequestValidationException("malformed-json", "The request body is not valid JSON of the expected shape.");
        }
    }
}
