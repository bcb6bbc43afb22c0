using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ImageSearch.Core.Fetching;
using ImageSearch.Core.Imaging;
using ImageSearch.Tests.Infrastructure;
using ImageSearch.Tests.Sources.Web;

namespace ImageSearch.Tests.Fetching;

/// <summary>Size, time, type and redirect limits, against hostile local servers (loopback allowed for these tests only).</summary>
[TestClass]
public sealed class SafeFetchLimitTests
{
    private static LocalServer _images = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context) => _images = await ImageServer.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await _images.DisposeAsync();

    [TestMethod]
    public async Task FetchedImageIsACleanJpegWithItsContentHash()
    {
        using var web = WebServices.Create(allowLoopback: true);

        var image = await web.Fetcher.FetchAsync(_images.Url("/img/3.png"), CancellationToken.None);

        Assert.AreEqual("jpeg", ImageNormalizer.Sniff(image.Jpeg));
        Assert.AreEqual("png", image.SourceFormat);
        Assert.AreEqual((32, 24), (image.Width, image.Height));
        Assert.AreEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(image.Jpeg)), image.ContentHash);
        Assert.IsEmpty(web.Refusals);
    }

    [TestMethod]
    public async Task RedirectsAreFollowedUpToTheLimitAndEachHopConnectsOnlyAfterItsCheck()
    {
        using var web = WebServices.Create(allowLoopback: true);

        var image = await web.Fetcher.FetchAsync(_images.Url("/redirect/3"), CancellationToken.None);
        var tooMany = await ImageServer.RejectedAsync(web.Fetcher, _images.Url("/redirect/4"));

        Assert.AreEqual(3, image.Redirects);
        Assert.AreEqual("/img/7.png", image.Url.AbsolutePath);
        Assert.AreEqual(FetchRejection.TooManyRedirects, tooMany.Reason);
    }

    [TestMethod]
    public async Task RedirectLoopIsCutOff()
    {
        using var web = WebServices.Create(allowLoopback: true);
        var before = _images.HitsOf("/loop/a") + _images.HitsOf("/loop/b");

        var rejected = await ImageServer.RejectedAsync(web.Fetcher, _images.Url("/loop/a"));

        Assert.AreEqual(FetchRejection.TooManyRedirects, rejected.Reason);
        Assert.AreEqual(4, _images.HitsOf("/loop/a") + _images.HitsOf("/loop/b") - before, "the first request and 3 redirects");
        Assert.AreEqual(FetchRejection.TooManyRedirects, web.Refusals.Single().Values["Reason"]);
    }

    [TestMethod]
    public async Task DeclaredHugeBodyIsRefusedBeforeReading()
    {
        using var web = WebServices.Create(allowLoopback: true);
        var started = Stopwatch.StartNew();

        var rejected = await ImageServer.RejectedAsync(web.Fetcher, _images.Url("/declared-huge.jpg"));

        Assert.AreEqual(FetchRejection.TooLarge, rejected.Reason);
        Assert.IsLessThan(5, started.Elapsed.TotalSeconds, "refused from the header, not after waiting for the body");
    }

    [TestMethod]
    public async Task EndlessStreamIsCutAtTheDefaultByteLimit()
    {
        using var web = WebServices.Create(allowLoopback: true);

        var rejected = await ImageServer.RejectedAsync(web.Fetcher, _images.Url("/endless.jpg"));

        Assert.AreEqual(FetchRejection.TooLarge, rejected.Reason);
        Assert.Contains("8388608", rejected.Detail);
    }

    [TestMethod]
    public async Task SlowHeadersHitTheTotalTimeout()
    {
        using var web = WebServices.Create(new() { ["WebFetch:TotalTimeoutSeconds"] = "0.5" }, allowLoopback: true);
        var started = Stopwatch.StartNew();

        var rejected = await ImageServer.RejectedAsync(web.Fetcher, _images.Url("/slow/20000/1.png"));

        Assert.AreEqual(FetchRejection.Timeout, rejected.Reason);
        Assert.IsLessThan(5, started.Elapsed.TotalSeconds);
        Assert.AreEqual(FetchRejection.Timeout, web.Refusals.Single().Values["Reason"]);
    }

    [TestMethod]
    public async Task TricklingBodyHitsTheTotalTimeout()
    {
        using var web = WebServices.Create(new() { ["WebFetch:TotalTimeoutSeconds"] = "0.8" }, allowLoopback: true);
        var started = Stopwatch.StartNew();

        var rejected = await ImageServer.RejectedAsync(web.Fetcher, _images.Url("/trickle.jpg"));

        Assert.AreEqual(FetchRejection.Timeout, rejected.Reason);
        Assert.IsLessThan(5, started.Elapsed.TotalSeconds);
    }

    [TestMethod]
    public async Task SlowResolutionHitsTheConnectTimeout()
    {
        using var web = WebServices.Create(new() { ["WebFetch:ConnectTimeoutSeconds"] = "0.3" }, allowLoopback: true);
        web.Resolver.Map("slow-dns.test", "127.0.0.1").Delay = TimeSpan.FromSeconds(20);
        var started = Stopwatch.StartNew();

        var rejected = await ImageServer.RejectedAsync(web.Fetcher, new Uri($"http://slow-dns.test:{_images.Port}/img/1.png"));

        Assert.AreEqual(FetchRejection.Timeout, rejected.Reason, rejected.Message);
        Assert.IsLessThan(5, started.Elapsed.TotalSeconds);
        Assert.IsEmpty(web.Connects);
    }

    [TestMethod]
    [DataRow("/lying.jpg")]
    [DataRow("/corrupt.jpg")]
    public async Task BytesThatAreNotAnImageAreRefusedWhateverTheHeaderSays(string path)
    {
        using var web = WebServices.Create(allowLoopback: true);

        var rejected = await ImageServer.RejectedAsync(web.Fetcher, _images.Url(path));

        Assert.AreEqual(FetchRejection.NotAnImage, rejected.Reason);
    }

    [TestMethod]
    [DataRow(404)]
    [DataRow(500)]
    [DataRow(503)]
    public async Task ErrorStatusesAreHttpErrors(int status)
    {
        using var web = WebServices.Create(allowLoopback: true);

        var rejected = await ImageServer.RejectedAsync(web.Fetcher, _images.Url($"/status/{status}"));

        Assert.AreEqual(FetchRejection.HttpError, rejected.Reason);
        Assert.Contains(status.ToString(), rejected.Detail);
    }

    [TestMethod]
    public async Task ClosedPortIsUnreachable()
    {
        using var web = WebServices.Create(allowLoopback: true);
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var rejected = await ImageServer.RejectedAsync(web.Fetcher, new Uri($"http://127.0.0.1:{port}/img/1.png"));

        Assert.AreEqual(FetchRejection.Unreachable, rejected.Reason);
    }

    [TestMethod]
    public async Task FetchesPerInstanceAreBounded()
    {
        await using var server = await ImageServer.StartAsync();
        using var web = WebServices.Create(new() { ["WebFetch:MaxConcurrencyPerInstance"] = "2" }, allowLoopback: true);

        var images = await Task.WhenAll(Enumerable.Range(1, 8).Select(n => web.Fetcher.FetchAsync(server.Url($"/slow/150/{n}.png"), CancellationToken.None)));

        Assert.HasCount(8, images);
        Assert.AreEqual(2, server.MaxInFlight);
    }
}
