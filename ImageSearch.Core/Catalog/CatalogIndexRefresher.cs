using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// Keeps the instance's catalog index current off the request path: starts the first load when the host starts (so a cold
/// instance's first search waits for less of it), then every <see cref="CatalogOptions.RefreshSeconds"/> applies what
/// other instances changed.
/// </summary>
public sealed partial class CatalogIndexRefresher(
    CatalogIndexProvider index, TimeProvider clock, IOptions<CatalogOptions> options, ILogger<CatalogIndexRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // host start does not wait for the load
        var interval = TimeSpan.FromSeconds(options.Value.RefreshSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await index.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }

            await Task.Delay(interval, clock, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog index refresh failed; the previous index stays in use")]
    private partial void LogFailed(Exception exception);
}
