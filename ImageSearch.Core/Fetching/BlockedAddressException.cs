using System.Net;

namespace ImageSearch.Core.Fetching;

/// <summary>Thrown by the connect callback before any socket is opened when a host resolves to a blocked address.</summary>
public sealed class BlockedAddressException(string host, IPAddress address, string range)
    : IOException($"{host} resolves to {address} ({range}), which fetches may not reach")
{
    public string Host { get; } = host;

    public IPAddress Address { get; } = address;

    public string Range { get; } = range;
}
