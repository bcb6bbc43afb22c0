using System.Collections.Concurrent;
using System.Net;
using ImageSearch.Core.Fetching;

namespace ImageSearch.Tests.Fetching;

/// <summary>A resolver that maps test host names to fixed addresses (often private ones) and never asks real DNS.</summary>
internal sealed class MapResolver : IHostResolver
{
    private readonly ConcurrentDictionary<string, IPAddress[]> _map = new(StringComparer.OrdinalIgnoreCase);

    public TimeSpan Delay { get; set; }

    public ConcurrentQueue<string> Lookups { get; } = new();

    public MapResolver Map(string host, params string[] addresses)
    {
        _map[host] = addresses.Select(IPAddress.Parse).ToArray();
        return this;
    }

    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        Lookups.Enqueue(host);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        return _map.TryGetValue(host, out var addresses) ? addresses : [];
    }
}
