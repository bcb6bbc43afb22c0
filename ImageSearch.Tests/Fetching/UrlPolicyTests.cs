using ImageSearch.Core.Fetching;

namespace ImageSearch.Tests.Fetching;

[TestClass]
public sealed class UrlPolicyTests
{
    [TestMethod]
    [DataRow("https://a.test/x.png", "http://a.test/x.png")]
    [DataRow("https://a.test/x.png", "http://b.test:80/y.png")]
    public void RedirectFromHttpsToHttpIsRefused(string from, string to)
    {
        var rejected = Assert.ThrowsExactly<FetchRejectedException>(() => UrlPolicy.CheckRedirect(new Uri(from), new Uri(to)));

        Assert.AreEqual(FetchRejection.BadScheme, rejected.Reason);
        StringAssert.Contains(rejected.Message, "https to http");
    }

    [TestMethod]
    [DataRow("http://a.test/x.png", "https://a.test/x.png")]
    [DataRow("https://a.test/x.png", "https://cdn.test/x.png")]
    [DataRow("http://a.test/x.png", "http://cdn.test/x.png")]
    public void RedirectsThatKeepOrUpgradeTheSchemeAreAllowed(string from, string to)
    {
        UrlPolicy.CheckRedirect(new Uri(from), new Uri(to));
    }

    [TestMethod]
    [DataRow("http://a.test/x.png")]
    [DataRow("https://a.test/x.png")]
    [DataRow("http://a.test:80/x.png")]
    [DataRow("https://a.test:443/x.png")]
    public void DefaultWebPortsAreFetched(string url)
    {
        UrlPolicy.Check(new Uri(url), allowLoopback: false);
    }
}
