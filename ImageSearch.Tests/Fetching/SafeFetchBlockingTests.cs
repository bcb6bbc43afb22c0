using ImageSearch.Core.Fetching;
using ImageSearch.Tests.Infrastructure;
using ImageSearch.Tests.Sources.Web;

namespace ImageSearch.Tests.Fetching;

/// <summary>Every blocked case is refused before a socket connects, and logged with its reason and host.</summary>
[TestClass]
public sealed class SafeFetchBlockingTests
{
    private static LocalServer _images = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context) => _images = await ImageServer.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await _images.DisposeAsync();

    [TestMethod]
    [DataRow("127.0.0.1")]
    [DataRow("[::1]")]
    [DataRow("localhost")]
    public async Task ProductionDefaultBlocksLoopbackAndLocalhost(string host)
    {
        using var web = WebServices.Create();
        var resolver = new DnsHostResolver(); // the real resolver for "localhost", as in production
        web.Resolver.Map("localhost", [.. (await resolver.ResolveAsync("localhost", CancellationToken.None)).Select(a => a.ToString())]);
        var before = _images.TotalHits;

        var rejected = await ImageServer.RejectedAsync(web.Fetcher, new Uri($"http://{host}:{_images.Port}/img/1.png"));

        Assert.AreEqual(FetchRejection.BlockedAddress, rejected.Reason);
        Assert.AreEqual(before, _images.TotalHits, "the local server must not have been reached");
        Assert.IsEmpty(web.Connects);
    }

    [TestMethod]
    public async Task RealResolverMapsLocalhostToLoopbackOnly()
    {
        var addresses = await new DnsHostResolver().ResolveAsync("localhost", CancellationToken.None);

        Assert.IsNotEmpty(addresses);
        Assert.IsTrue(addresses.All(System.Net.IPAddress.IsLoopback), "the test above relies on localhost being loopback here");
    }

    [TestMethod]
    [DataRow("10.0.0.1")]
    [DataRow("172.20.1.2")]
    [DataRow("192.168.0.10")]
    [DataRow("169.254.169.254")]
    [DataRow("100.64.1.1")]
    [DataRow("0.0.0.0")]
    [DataRow("127.0.0.2")]
    [DataRow("224.0.0.251")]
    [DataRow("::ffff:127.0.0.1")]
    [DataRow("::ffff:169.254.169.254")]
    [DataRow("::ffff:10.0.0.1")]
    [DataRow("::127.0.0.1")]
    [DataRow("64:ff9b::a00:1")]
    [DataRow("2002:a9fe:a9fe::1")]
    [DataRow("fd00::1")]
    [DataRow("fe80::1")]
    [DataRow("ff02::1")]
    [DataRow("::")]
    public async Task HostNamesResolvingToBlockedAddressesAreRefusedBeforeConnecting(string address)
    {
        using var web = WebServices.Create();
        web.Resolver.Map("evil.test", address);

        var rejected = await ImageServer.RejectedAsync(web.Fetcher, new Uri("http://evil.test/cat.jpg?token=secret"));

        Assert.AreEqual(FetchRejection.BlockedAddress, rejected.Reason);
        Assert.IsEmpty(web.Connects, "no socket may be opened");
        var log = web.Refusals.Single();
        Assert.AreEqual(FetchRejection.BlockedAddress, log.Values["Reason"]);
        Assert.AreEqual("evil.test", log.Values["Host"]);
        Assert.DoesNotContain("secret", log.Message, "the URL's query must not be logged");
        Assert.DoesNotContain("cat.jpg", log.Message, "the URL's path must not be logged");
    }

    [TestMethod]
    public async Task OneBlockedAddressAmongAllowedOnesRefusesTheHost()
    {
        using var web = WebServices.Create(allowLoopback: true);
        web.Resolver.Map("mixed.test", "127.0.0.1", "10.0.0.1");
        var before = _images.TotalHits;

        var rejected = await ImageServer.RejectedAsync(web.Fetcher, new Uri($"http://mixed.test:{_images.Port}/img/1.png"));

        Assert.AreEqual(FetchRejection.BlockedAddress, rejected.Reason);
        Assert.IsEmpty(web.Connects);
        Assert.AreEqual(before, _images.TotalHits);
    }

    [TestMethod]
    [DataRow("http://169.254.169.254/latest/meta-data/")]
    [DataRow("http://[fd00::1]/x.png")]
    [DataRow("http://[::ffff:a9fe:a9fe]/x.png")]
    [DataRow("http://2130706433/x.png")]
    [DataRow("http://0x7f.1/x.png")]
    [DataRow("http://0177.0.0.1/x.png")]
    [DataRow("http://127.1/x.png")]
    [DataRow("http://0/x.png")]
    public async Task BlockedAddressLiteralsAreRefusedInAnySpelling(string url)
    {
        using var web = WebServices.Create();

        var rejected = await ImageServer.RejectedAsync(web.Fetcher, new Uri(url));

        Assert.AreEqual(FetchRejection.BlockedAddress, rejected.Reason, rejected.Message);
        Assert.IsEmpty(web.Connects);
        Assert.IsEmpty(web.Resolver.Lookups, "an address literal is never sent to DNS");
    }

    [TestMethod]
    [DataRow("http://files.test:22/a.png")]
    [DataRow("http://files.test:6379/a.png")]
    [DataRow("https://files.test:8443/a.png")]
    [DataRow("http://8.8.8.8:25/a.png")]
    public async Task PortsOtherThan80And443AreRefusedBeforeAnyLookupOrConnect(string url)
    {
        using var web = WebServices.Create();
        web.Resolver.Map("files.test", "8.8.8.8");

        var rejected = await ImageServer.RejectedAsync(web.Fetcher, new Uri(url));

        Assert.AreEqual(FetchRejection.BlockedAddress, rejected.Reason, rejected.Message);
        StringAssert.Contains(rejected.Message, "port");
        Assert.IsEmpty(web.Resolver.Lookups);
        Assert.IsEmpty(web.Connects);
    }

    [TestMethod]
    [DataRow("file:///etc/passwd", FetchRejection.BadScheme)]
    [DataRow("ftp://files.test/a.png", FetchRejection.BadScheme)]
    [DataRow("gopher://files.test/a.png", FetchRejection.BadScheme)]
    [DataRow("data:image/png;base64,iVBORw0KGgo=", FetchRejection.BadScheme)]
    [DataRow("http://user:pass@files.test/a.png", FetchRejection.Credentials)]
    [DataRow("https://token@files.test/a.png", FetchRejection.Credentials)]
    public async Task OtherSchemesAndCredentialsAreRefused(string url, FetchRejection reason)
    {
        using var web = WebServices.Create();
        web.Resolver.Map("files.test", "8.8.8.8");

        var rejected = await ImageServer.RejectedAsync(web.Fetcher, new Uri(url));

        Assert.AreEqual(reason, rejected.Reason);
        Assert.IsEmpty(web.Resolver.Lookups);
        Assert.ContainsSingle(web.Refusals);
    }

    [TestMethod]
    [DataRow("http://169.254.169.254/latest/meta-data/")]
    [DataRow("http://metadata.test/computeMetadata/v1/")]
    [DataRow("http://internal.test/admin")]
    [DataRow("http://127.0.0.2:{port}/img/1.png")]
    [DataRow("http://[::ffff:127.0.0.1]:{port}/img/1.png")]
    [DataRow("http://0.0.0.0:{port}/img/1.png")]
    [DataRow("http://[fd12:3456::1]/x")]
    public async Task RedirectsToBlockedAddressesAreRefused(string target)
    {
        using var web = WebServices.Create(allowLoopback: true);
        web.Resolver.Map("metadata.test", "169.254.169.254").Map("internal.test", "10.1.2.3");
        var location = Uri.EscapeDataString(target.Replace("{port}", _images.Port.ToString(), StringComparison.Ordinal));

        var rejected = await ImageServer.RejectedAsync(web.Fetcher, _images.Url($"/to?location={location}"));

        Assert.AreEqual(FetchRejection.BlockedAddress, rejected.Reason, rejected.Message);
        Assert.ContainsSingle(web.Connects, "only the first hop (the local test server) was connected");
        Assert.AreEqual(FetchRejection.BlockedAddress, web.Refusals.Single().Values["Reason"]);
    }

    [TestMethod]
    [DataRow("file:///etc/passwd", FetchRejection.BadScheme)]
    [DataRow("ftp://files.test/a.png", FetchRejection.BadScheme)]
    [DataRow("http://user:pw@127.0.0.1:{port}/img/1.png", FetchRejection.Credentials)]
    public async Task RedirectsToOtherSchemesOrCredentialsAreRefused(string target, FetchRejection reason)
    {
        using var web = WebServices.Create(allowLoopback: true);
        var location = Uri.EscapeDataString(target.Replace("{port}", _images.Port.ToString(), StringComparison.Ordinal));

        var rejected = await ImageServer.RejectedAsync(web.Fetcher, _images.Url($"/to?location={location}"));

        Assert.AreEqual(reason, rejected.Reason);
    }
}
