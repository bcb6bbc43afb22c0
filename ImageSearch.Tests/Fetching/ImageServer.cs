using ImageSearch.Core.Fetching;
using ImageSearch.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ImageSearch.Tests.Fetching;

/// <summary>
/// Good and hostile image servers in one: distinct images, slow ones, failing, huge, lying (HTML as image/jpeg), corrupt,
/// endless and trickling streams, redirect chains, loops and redirects to anywhere.
/// </summary>
internal static class ImageServer
{
    public static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF, 0xE0];

    public static Task<LocalServer> StartAsync() => LocalServer.StartAsync(app =>
    {
        app.MapGet("/img/{n:int}.png", (int n) => Results.Bytes(TestImages.Png(n), "image/png"));
        app.MapGet("/same/{n:int}.png", (int n) => Results.Bytes(TestImages.Png(1), "image/png"));
        app.MapGet("/slow/{ms:int}/{n:int}.png", async (HttpContext context, int ms, int n) =>
        {
            await LocalServer.DelayAsync(context, TimeSpan.FromMilliseconds(ms));
            return Results.Bytes(TestImages.Png(n), "image/png");
        });
        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.MapGet("/lying.jpg", () => Results.Text("<!doctype html><html><body>not an image</body></html>", "image/jpeg"));
        app.MapGet("/corrupt.jpg", () => Results.Bytes([.. JpegMagic, .. new byte[4096]], "image/jpeg"));
        app.MapGet("/declared-huge.jpg", async (HttpContext context) =>
        {
            context.Response.ContentType = "image/jpeg";
            context.Response.ContentLength = 100L * 1024 * 1024;
            await context.Response.Body.WriteAsync(JpegMagic);
            await context.Response.Body.FlushAsync();
            await LocalServer.DelayAsync(context, TimeSpan.FromSeconds(30));
        });
        app.MapGet("/endless.jpg", async (HttpContext context) =>
        {
            context.Response.ContentType = "image/jpeg";
            await context.Response.Body.WriteAsync(JpegMagic);
            var block = new byte[64 * 1024];
            try
            {
                while (!context.RequestAborted.IsCancellationRequested)
                {
                    await context.Response.Body.WriteAsync(block, context.RequestAborted);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
            }
        });
        app.MapGet("/trickle.jpg", async (HttpContext context) =>
        {
            context.Response.ContentType = "image/jpeg";
            await context.Response.Body.WriteAsync(JpegMagic);
            try
            {
                while (!context.RequestAborted.IsCancellationRequested)
                {
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(100, context.RequestAborted);
                    await context.Response.Body.WriteAsync(new byte[1], context.RequestAborted);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
            }
        });
        app.MapGet("/redirect/{n:int}", (int n) => Results.Redirect(n <= 1 ? "/img/7.png" : $"/redirect/{n - 1}"));
        app.MapGet("/loop/a", () => Results.Redirect("/loop/b"));
        app.MapGet("/loop/b", () => Results.Redirect("/loop/a"));
        app.MapGet("/to", (string location) => Results.Redirect(location));
    });

    public static async Task<FetchRejectedException> RejectedAsync(SafeImageFetcher fetcher, Uri url)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await Assert.ThrowsExactlyAsync<FetchRejectedException>(() => fetcher.FetchAsync(url, guard.Token));
    }
}
