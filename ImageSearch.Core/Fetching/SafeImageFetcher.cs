using System.Diagnostics;
using System.Net;
using ImageSearch.Core.Errors;
using ImageSearch.Core.Imaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Fetching;

/// <summary>
/// Fetches one remote image the safe way: URL checks, address checks at connect time (<see cref="SafeHttpHandlerFactory"/>),
/// redirects followed here one hop at a time (each hop checked again), connect and total timeouts, a streaming byte cap,
/// magic-byte sniffing, then decoding under the upload limits into a clean JPEG. At most
/// <see cref="SafeFetchOptions.MaxConcurrencyPerInstance"/> fetches run at once on an instance. Every refusal is logged
/// with its reason and host (never the URL) and thrown as <see cref="FetchRejectedException"/>.
/// </summary>
public sealed partial class SafeImageFetcher(
    IHttpClientFactory clients, ImageNormalizer normalizer, DecodeGate decodeGate, IOptions<SafeFetchOptions> options, ILogger<SafeImageFetcher> logger)
    : IDisposable
{
    private readonly SafeFetchOptions _options = options.Value;
    private readonly SemaphoreSlim _instanceGate = new(options.Value.MaxConcurrencyPerInstance);

    public async Task<FetchedImage> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        await _instanceGate.WaitAsync(cancellationToken);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var image = await FetchWithinTimeoutAsync(url, cancellationToken);
            LogFetched(UrlPolicy.HostOf(image.Url), image.Jpeg.Length, image.Redirects, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return image;
        }
        catch (FetchRejectedException e)
        {
            LogRejected(e.Reason, e.Host, e.Detail);
            throw;
        }
        finally
        {
            _instanceGate.Release();
        }
    }

    public void Dispose()
    {
        _instanceGate.Dispose();
    }

    private async Task<FetchedImage> FetchWithinTimeoutAsync(Uri url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TotalTimeoutSeconds));
        var client = clients.CreateClient(SafeHttpHandlerFactory.ClientName);
        var current = url;
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                UrlPolicy.Check(current, _options.AllowLoopback);
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
                request.Headers.TryAddWithoutValidation("Accept", "image/jpeg,image/png,image/gif,image/webp,image/bmp;q=0.9,*/*;q=0.1");
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (IsRedirect(response.StatusCode))
                {
                    current = NextHop(current, response, redirects);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new FetchRejectedException(FetchRejection.HttpError, UrlPolicy.HostOf(current), $"HTTP {(int)response.StatusCode}");
                }

                var bytes = await BoundedBody.ReadImageAsync(response.Content, _options.MaxBytes, UrlPolicy.HostOf(current), timeout.Token);
                // The instance's decode slots, shared with uploads and imports; the wait counts against this fetch's deadline.
                using (await decodeGate.WaitAsync(timeout.Token))
                {
                    return await DecodeAsync(bytes, current, redirects, timeout.Token);
                }
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            var detail = e.InnerException is TimeoutException
                ? $"no connection within {_options.ConnectTimeoutSeconds} s"
                : $"not complete within {_options.TotalTimeoutSeconds} s";
            throw new FetchRejectedException(FetchRejection.Timeout, UrlPolicy.HostOf(current), detail, e);
        }
        catch (HttpRequestException e)
        {
            throw Classify(e, current);
        }
        catch (IOException e)
        {
            throw new FetchRejectedException(FetchRejection.Unreachable, UrlPolicy.HostOf(current), "the connection failed while reading", e);
        }
    }

    private Uri NextHop(Uri current, HttpResponseMessage response, int redirects)
    {
        if (redirects >= _options.MaxRedirects)
        {
            throw new FetchRejectedException(FetchRejection.TooManyRedirects, UrlPolicy.HostOf(current), $"more than {_options.MaxRedirects} redirects");
        }

        var next = response.Headers.Location is { } location && Uri.TryCreate(current, location, out var resolved)
            ? resolved
            : throw new FetchRejectedException(FetchRejection.TooManyRedirects, UrlPolicy.HostOf(current), "a redirect without a usable Location");
        UrlPolicy.CheckRedirect(current, next);
        return next;
    }

    private async Task<FetchedImage> DecodeAsync(byte[] bytes, Uri url, int redirects, CancellationToken cancellationToken)
    {
        try
        {
            using var decoded = await normalizer.NormalizeAsync(bytes, cancellationToken);
            return new FetchedImage(url, decoded.Jpeg, decoded.ContentHash, decoded.Width, decoded.Height, decoded.SourceFormat, redirects);
        }
        catch (ImageRejectedException e)
        {
            var reason = e.Kind == ErrorKind.TooLarge ? FetchRejection.TooLarge : FetchRejection.NotAnImage;
            throw new FetchRejectedException(reason, UrlPolicy.HostOf(url), e.Detail, e);
        }
    }

    private static FetchRejectedException Classify(HttpRequestException e, Uri url)
    {
        var host = UrlPolicy.HostOf(url);
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case BlockedAddressException blocked:
                    return new FetchRejectedException(FetchRejection.BlockedAddress, host, $"{blocked.Address} is in a blocked range ({blocked.Range})", e);
                case TimeoutException:
                    return new FetchRejectedException(FetchRejection.Timeout, host, "the connection was not established in time", e);
            }
        }

        return new FetchRejectedException(FetchRejection.Unreachable, host, e.HttpRequestError.ToString(), e);
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Remote image refused ({Reason}) from host {Host}: {Detail}")]
    private partial void LogRejected(FetchRejection reason, string host, string detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Fetched an image from host {Host}: {JpegBytes} bytes as JPEG after {Redirects} redirects in {ElapsedMs} ms")]
    private partial void LogFetched(string host, int jpegBytes, int redirects, double elapsedMs);
}
