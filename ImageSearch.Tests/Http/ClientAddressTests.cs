using System.Net;
using ImageSearch.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace ImageSearch.Tests.Http;

[TestClass]
public sealed class ClientAddressTests
{
    [TestMethod]
    [DataRow("203.0.113.7", "203.0.113.7")]
    [DataRow("203.0.113.7:51234", "203.0.113.7")]
    [DataRow("10.0.0.1, 203.0.113.7", "203.0.113.7")]
    [DataRow("[2001:db8:1:2:3:4:5:6]:443", "2001:db8:1:2::/64")]
    [DataRow("2001:db8:1:2::ff", "2001:db8:1:2::/64")]
    [DataRow("::ffff:203.0.113.7", "203.0.113.7")]
    public void TheLastForwardedAddressIsTheKey(string forwardedFor, string expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        context.Connection.RemoteIpAddress = IPAddress.Loopback;

        Assert.AreEqual(expected, ClientAddress.Of(context.Request));
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("not-an-address")]
    public void WithoutAUsableHeaderTheConnectionsAddressIsTheKey(string? forwardedFor)
    {
        var context = new DefaultHttpContext();
        if (forwardedFor is not null)
        {
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }

        context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.9");

        Assert.AreEqual("192.0.2.9", ClientAddress.Of(context.Request));
    }
}
