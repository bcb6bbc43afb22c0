using System.Net;
using System.Net.Sockets;
using System.Text;
using ImageSearch.Core.Fetching;
using ImageSearch.Tests.Infrastructure;
using ImageSearch.Tests.Sources.Web;

namespace ImageSearch.Tests.Fetching;

/// <summary>
/// A fetch sends its request once. The finding: a host that closes the connection before answering got the request again
/// from the HTTP handler itself (it retries a request whose pooled connection was closed before any response), so a
/// "public" host's other services saw each request twice.
/// </summary>
[TestClass]
public sealed class SafeFetchRetryTests
{
    [TestMethod]
    public async Task AHostThatClosesBeforeAnsweringGetsEachRequestOnce()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var requests = 0;
        using var stop = new CancellationTokenSource();
        var server = ServeAsync(listener, () => Interlocked.Increment(ref requests), stop.Token);
        using var web = WebServices.Create(allowLoopback: true);
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/img.png");

        var image = await web.Fetcher.FetchAsync(url, CancellationToken.None); // answered: the connection could be pooled
        var rejected = await ImageServer.RejectedAsync(web.Fetcher, url);     // closed before any answer

        Assert.AreEqual(32, image.Width);
        Assert.AreEqual(FetchRejection.Unreachable, rejected.Reason);
        Assert.AreEqual(2, Volatile.Read(ref requests), "one request per fetch, none repeated by the handler (it sent 5 before)");
        await stop.CancelAsync();
        listener.Stop();
        await server;
    }

    /// <summary>Answers the first request of the run with a PNG (keep-alive); closes every later request unanswered.</summary>
    private static async Task ServeAsync(TcpListener listener, Func<int> countRequest, CancellationToken stop)
    {
        var png = Synthetic.Png(32, 24);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop);
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        var stream = client.GetStream();
                        while (await ReadHeadersAsync(stream, stop))
                        {
                            if (countRequest() > 1)
                            {
                                return; // closed without a response
                            }

                            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                                $"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {png.Length}\r\n\r\n"), stop);
                            await stream.WriteAsync(png, stop);
                        }
                    }
                }, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<bool> ReadHeadersAsync(NetworkStream stream, CancellationToken stop)
    {
        var seen = new StringBuilder();
        var buffer = new byte[1];
        while (await stream.ReadAsync(buffer, stop) == 1)
        {
            seen.Append((char)buffer[0]);
            if (seen.Length >= 4 && seen.ToString(seen.Length - 4, 4) == "\r\n\r\n")
            {
                return true;
            }
        }

        return false;
    }
}
