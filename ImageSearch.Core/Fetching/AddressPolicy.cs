using System.Net;
using System.Net.Sockets;

namespace ImageSearch.Core.Fetching;

/// <summary>
/// Which IP addresses a remote fetch may connect to: public unicast only. Blocked IPv4: 0.0.0.0/8, 10/8, 100.64/10 (CGNAT),
/// 127/8, 169.254/16 (link-local, cloud metadata 169.254.169.254), 172.16/12, 192.0.0/24, 192.0.2/24, 192.88.99/24,
/// 192.168/16, 198.18/15, 198.51.100/24, 203.0.113/24, 224/4 (multicast), 240/4 and 255.255.255.255, and Azure's
/// platform address 168.63.129.16 (DNS, health probes and the VM agent's wire server: public-looking, never a web host).
/// Blocked IPv6: ::, ::1, fe80::/10, fec0::/10, fc00::/7 (ULA), ff00::/8 (multicast), 100::/64, 2001:db8::/32,
/// 2001::/32 (Teredo: it tunnels to an IPv4 address we cannot check), 64:ff9b:1::/48 (local NAT64).
/// Anything outside 2000::/3 is blocked too. IPv6 forms that embed an IPv4 address: IPv4-mapped ::ffff:a.b.c.d, 6to4
/// 2002:AABB:CCDD::/48 and NAT64 64:ff9b::a.b.c.d are judged by the embedded address (a connect to a mapped address is
/// made to the IPv4 address itself); the deprecated IPv4-compatible ::a.b.c.d and IPv4-translated ::ffff:0:a.b.c.d are
/// always blocked.
/// </summary>
public static class AddressPolicy
{
    /// <summary>Null when <paramref name="address"/> may be connected to, else the name of the blocked range.</summary>
    public static string? BlockedRange(IPAddress address, bool allowLoopback)
    {
        if (allowLoopback && (address.Equals(IPAddress.Loopback) || address.Equals(IPAddress.IPv6Loopback)))
        {
            return null;
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IPv4Range(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IPv6Range(address.GetAddressBytes()),
            _ => "not-ip",
        };
    }

    private static string? IPv4Range(ReadOnlySpan<byte> b) => b switch
    {
        [0, ..] => "this-network",
        [168, 63, 129, 16] => "azure-platform",
        [10, ..] => "private",
        [100, >= 64 and <= 127, ..] => "cgnat",
        [127, ..] => "loopback",
        [169, 254, ..] => "link-local",
        [172, >= 16 and <= 31, ..] => "private",
        [192, 0, 0, _] => "ietf-protocol",
        [192, 0, 2, _] or [198, 51, 100, _] or [203, 0, 113, _] => "documentation",
        [192, 88, 99, _] => "6to4-relay",
        [192, 168, ..] => "private",
        [198, 18 or 19, ..] => "benchmarking",
        [>= 224 and <= 239, ..] => "multicast",
        [>= 240, ..] => "reserved",
        _ => null,
    };

    private static string? IPv6Range(byte[] b)
    {
        var embeddedAt = b switch
        {
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, ..] => 12,                     // ::ffff:a.b.c.d (IPv4-mapped)
            [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0, ..] => 12,               // 64:ff9b::/96 (NAT64)
            [0x20, 0x02, ..] => 2,                                                    // 2002::/16 (6to4)
            _ => -1,
        };
        if (embeddedAt >= 0)
        {
            return IPv4Range(b.AsSpan(embeddedAt, 4)) is { } range ? "ipv4-in-ipv6:" + range : null;
        }

        return b switch
        {
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] => "unspecified",
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] => "loopback",
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ..] => "ipv4-compatible",            // ::a.b.c.d, deprecated: never
            [0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, ..] => "ipv4-translated",      // ::ffff:0:a.b.c.d (SIIT): never
            [0xFF, ..] => "multicast",
            [0xFE, >= 0x80 and <= 0xBF, ..] => "link-local",
            [0xFE, >= 0xC0, ..] => "site-local",
            [0xFC or 0xFD, ..] => "unique-local",
            [0x01, 0x00, 0, 0, 0, 0, 0, 0, ..] => "discard",
            [0x20, 0x01, 0x0D, 0xB8, ..] => "documentation",
            [0x20, 0x01, 0x00, 0x00, ..] => "teredo",
            [0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01, ..] => "local-nat64",
            _ when (b[0] & 0xE0) != 0x20 => "not-global-unicast",                    // only 2000::/3 is global unicast
            _ => null,
        };
    }
}
