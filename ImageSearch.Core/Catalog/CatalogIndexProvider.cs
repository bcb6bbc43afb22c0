using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// Holds this instance's in-memory <see cref="CatalogIndex"/>. At most every <see cref="CatalogOptions.RefreshSeconds"/>
/// it reads the catalog's version row and reloads the index when another instance (or this one) changed the catalog.
/// </summary>
public sealed partial class CatalogIndexProvider(
    CatalogStore store, TimeProvider clock, IOptions<CatalogOptions> options, ILogger<CatalogIndexProvider> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CatalogIndex _index = CatalogIndex.Empty;
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;

    public async Task<CatalogIndex> GetAsync(CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow() - _checkedAt < TimeSpan.FromSeconds(options.Value.RefreshSeconds))
        {
            return _index;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (clock.GetUtcNow() - _checkedAt < TimeSpan.FromSeconds(options.Value.RefreshSeconds))
            {
                return _index;
            }

            var version = await store.GetVersionAsync(cancellationToken);
            if (version != _index.Version)
            {
                var started = Stopwatch.GetTimestamp();
                var items = await store.LoadAllAsync(cancellationToken);
                _index = new CatalogIndex(items, version);
                LogLoaded(items.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            _checkedAt = clock.GetUtcNow();
            return _index;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Makes the next <see cref="GetAsync"/> check storage (called after this instance changed the catalog).</summary>
    public void Invalidate() => _checkedAt = DateTimeOffset.MinValue;

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded catalog index of {Count} items in {ElapsedMs} ms")]
    private partial void LogLoaded(int count, double elapsedMs);
}
