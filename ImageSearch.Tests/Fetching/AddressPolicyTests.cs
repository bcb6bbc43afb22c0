using System.Net;
using ImageSearch.Core.Fetching;
using ImageSearch.Tests.Sources.Web;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSearch.Tests.Fetching;

[TestClass]
public sealed class AddressPolicyTests
{
    [TestMethod]
    [DataRow("0.0.0.0", "this-network")]
    [DataRow("0.1.2.3", "this-network")]
    [DataRow("10.0.0.1", "private")]
    [DataRow("172.16.0.1", "private")]
    [DataRow("172.31.255.254", "private")]
    [DataRow("192.168.1.1", "private")]
    [DataRow("100.64.1.1", "cgnat")]
    [DataRow("100.127.255.255", "cgnat")]
    [DataRow("127.0.0.1", "loopback")]
    [DataRow("127.255.0.9", "loopback")]
    [DataRow("169.254.169.254", "link-local")]
    [DataRow("168.63.129.16", "azure-platform")]
    [DataRow("192.0.0.170", "ietf-protocol")]
    [DataRow("192.0.2.1", "documentation")]
    [DataRow("198.18.0.1", "benchmarking")]
    [DataRow("224.0.0.1", "multicast")]
    [DataRow("239.255.255.250", "multicast")]
    [DataRow("240.0.0.1", "reserved")]
    [DataRow("255.255.255.255", "reserved")]
    [DataRow("::", "unspecified")]
    [DataRow("::1", "loopback")]
    [DataRow("fe80::1", "link-local")]
    [DataRow("fec0::1", "site-local")]
    [DataRow("fc00::1", "unique-local")]
    [DataRow("fd00::1", "unique-local")]
    [DataRow("ff02::1", "multicast")]
    [DataRow("100::1", "discard")]
    [DataRow("2001:db8::1", "documentation")]
    [DataRow("2001:0:4136:e378:8000:63bf:3fff:fdd2", "teredo")]
    [DataRow("64:ff9b:1::a00:1", "local-nat64")]
    [DataRow("::ffff:127.0.0.1", "ipv4-in-ipv6:loopback")]
    [DataRow("::ffff:169.254.169.254", "ipv4-in-ipv6:link-local")]
    [DataRow("::ffff:10.0.0.1", "ipv4-in-ipv6:private")]
    [DataRow("::ffff:100.64.1.1", "ipv4-in-ipv6:cgnat")]
    [DataRow("::ffff:0.0.0.0", "ipv4-in-ipv6:this-network")]
    [DataRow("64:ff9b::a9fe:a9fe", "ipv4-in-ipv6:link-local")]
    [DataRow("2002:7f00:1::1", "ipv4-in-ipv6:loopback")]
    [DataRow("2002:a00:1::1", "ipv4-in-ipv6:private")]
    [DataRow("::127.0.0.1", "ipv4-compatible")]
    [DataRow("::8.8.8.8", "ipv4-compatible")]
    [DataRow("::ffff:0:8.8.8.8", "ipv4-translated")]
    [DataRow("4000::1", "not-global-unicast")]
    public void BlocksNonPublicAddressesAndEveryEmbeddedForm(string address, string range) =>
        Assert.AreEqual(range, AddressPolicy.BlockedRange(IPAddress.Parse(address), allowLoopback: false));

    [TestMethod]
    [DataRow("8.8.8.8")]
    [DataRow("1.1.1.1")]
    [DataRow("100.63.255.255")]
    [DataRow("100.128.0.0")]
    [DataRow("172.32.0.1")]
    [DataRow("169.253.1.1")]
    [DataRow("2606:4700:4700::1111")]
    [DataRow("::ffff:8.8.8.8")]
    [DataRow("2002:808:808::1")]
    [DataRow("64:ff9b::808:808")]
    public void AllowsPublicAddresses(string address) =>
        Assert.IsNull(AddressPolicy.BlockedRange(IPAddress.Parse(address), allowLoopback: false));

    [TestMethod]
    public void LoopbackExemptionCoversExactly127001AndIPv6Loopback()
    {
        Assert.IsNull(AddressPolicy.BlockedRange(IPAddress.Loopback, allowLoopback: true));
        Assert.IsNull(AddressPolicy.BlockedRange(IPAddress.IPv6Loopback, allowLoopback: true));
        foreach (var other in new[] { "127.0.0.2", "127.1.2.3", "0.0.0.0", "::ffff:127.0.0.1", "::127.0.0.1", "2002:7f00:1::1", "10.0.0.1", "169.254.169.254" })
        {
            Assert.IsNotNull(AddressPolicy.BlockedRange(IPAddress.Parse(other), allowLoopback: true), other);
        }
    }

    [TestMethod]
    public void ProductionDefaultsDoNotAllowLoopbackAndConfigurationCannotTurnItOn()
    {
        using var web = WebServices.Create(new Dictionary<string, string?> { ["WebFetch:AllowLoopback"] = "true" });

        var options = web.Provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SafeFetchOptions>>().Value;

        Assert.IsFalse(new SafeFetchOptions().AllowLoopback);
        Assert.IsFalse(options.AllowLoopback, "an app setting must never open loopback");
        Assert.AreEqual(8L * 1024 * 1024, options.MaxBytes);
        Assert.AreEqual(3, options.MaxRedirects);
    }
}
