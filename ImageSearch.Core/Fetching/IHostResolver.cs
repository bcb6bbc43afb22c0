using System.Net;

namespace ImageSearch.Core.Fetching;

/// <summary>
/// Resolves a host name to addresses for <see cref="SafeHttpHandlerFactory"/>. The handler connects only to addresses this
/// returned and the policy accepted, so DNS is asked once per connection (no rebinding between check and connect).
/// Tests replace it to map names to private addresses without touching real DNS.
/// </summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system resolver.</summary>
public sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}
