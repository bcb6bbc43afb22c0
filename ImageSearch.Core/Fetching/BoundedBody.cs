using System.Net.Http.Headers;
using ImageSearch.Core.Imaging;

namespace ImageSearch.Core.Fetching;

/// <summary>
/// Reads a response body under a byte cap while it streams, and gives up as soon as the first bytes show it is not an
/// accepted image type (the Content-Type header is never trusted).
/// </summary>
public static class BoundedBody
{
    private const int SniffLength = 16;

    public static async Task<byte[]> ReadImageAsync(HttpContent content, long maxBytes, string host, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            throw TooLarge(host, maxBytes, $"declares {declared} bytes");
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        var sniffed = false;
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(host, maxBytes, "streamed past the limit");
            }

            await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
            if (!sniffed && buffer.Length >= SniffLength)
            {
                Sniff(buffer, content.Headers.ContentType, host);
                sniffed = true;
            }
        }

        if (!sniffed)
        {
            Sniff(buffer, content.Headers.ContentType, host);
        }

        return buffer.ToArray();
    }

    private static void Sniff(MemoryStream buffer, MediaTypeHeaderValue? declared, string host)
    {
        if (ImageNormalizer.Sniff(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is null)
        {
            throw new FetchRejectedException(FetchRejection.NotAnImage, host,
                $"the body is not a JPEG, PNG, GIF, WebP or BMP image (declared {Shorten(declared?.MediaType)})");
        }
    }

    private static string Shorten(string? headerValue) =>
        headerValue is null ? "no type" : headerValue.Length <= 40 ? headerValue : headerValue[..40] + "…";

    private static FetchRejectedException TooLarge(string host, long maxBytes, string what) =>
        new(FetchRejection.TooLarge, host, $"the body {what}; at most {maxBytes} bytes are accepted");
}
