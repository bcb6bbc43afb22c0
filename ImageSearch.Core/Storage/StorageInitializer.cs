using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Core.Storage;

/// <summary>Creates tables and the catalog container at start. A storage outage is logged, not fatal: health reports it.</summary>
public sealed partial class StorageInitializer(StorageClients storage, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await storage.EnsureCreatedAsync(cancellationToken);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or AggregateException or HttpRequestException)
        {
            LogUnreachable(e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage could not be prepared at start; requests needing it will fail until it answers")]
    private partial void LogUnreachable(Exception exception);
}
