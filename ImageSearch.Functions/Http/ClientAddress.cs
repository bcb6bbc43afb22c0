using System.Net;
using Microsoft.AspNetCore.Http;

namespace ImageSearch.Functions.Http;

/// <summary>
/// The client's address as a quota key. Behind Azure's front ends the caller is the last address in
/// <c>X-Forwarded-For</c> (the one the platform appended; anything before it the client could have written); without
/// the header (standalone mode) the connection's address. IPv6 clients are keyed by their /64, which one subscriber
/// usually holds whole. Never logged.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpRequest request)
    {
        var forwarded = request.Headers["X-Forwarded-For"].ToString();
        var last = forwarded.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        var address = last is not null && TryParse(last, out var parsed) ? parsed : request.HttpContext.Connection.RemoteIpAddress;
        return address is null ? "unknown" : Key(address);
    }

    private static string Key(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    // "203.0.113.7", "203.0.113.7:51234", "[2001:db8::1]:443", "2001:db8::1"
    private static bool TryParse(string value, out IPAddress? address)
    {
        if (IPEndPoint.TryParse(value, out var endpoint))
        {
            address = endpoint.Address;
            return true;
        }

        address = null;
        return false;
    }
}
