using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using ImageSearch.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Sessions;

/// <summary>
/// Deletes sessions idle longer than <see cref="SessionOptions.IdleTimeout"/> with their containers.
/// Safe to run twice at once and after a half-failed run: a row is deleted only with the ETag under which it was seen idle
/// (a session touched since then answers 412 and is kept), and containers whose row is gone are swept as orphans.
/// </summary>
public sealed partial class SessionCleaner(
    StorageClients storage, TimeProvider clock, IOptions<SessionOptions> options, ILogger<SessionCleaner> logger)
{
    public async Task<CleanupReport> RunAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Value.IdleTimeout;
        int sessions = 0, containers = 0, skipped = 0;

        var filter = TableClient.CreateQueryFilter($"LastActivity lt {cutoff}");
        await foreach (var idle in storage.Sessions.QueryAsync<SessionEntity>(filter, cancellationToken: cancellationToken))
        {
            try
            {
                // The SDK reports a missing row (an overlapping run got there first) as a 404 response, not an exception.
                var response = await storage.Sessions.DeleteEntityAsync(idle.PartitionKey, idle.RowKey, idle.ETag, cancellationToken);
                if (response.Status != 404)
                {
                    sessions++;
                }
            }
            catch (RequestFailedException e) when (e.Status is 412)
            {
                skipped++; // touched after we read it: active again, keep it.
                continue;
            }

            var container = storage.Blobs.GetBlobContainerClient(SessionId.ContainerName(idle.PartitionKey));
            if ((await container.DeleteIfExistsAsync(cancellationToken: cancellationToken)).Value)
            {
                containers++;
            }
        }

        containers += await SweepOrphanContainersAsync(cancellationToken);
        LogCleanup(sessions, containers, skipped, cutoff);
        return new CleanupReport(sessions, containers, skipped);
    }

    /// <summary>
    /// Containers of sessions whose row is gone (a delete that half-failed earlier). Rows are always written before their
    /// container and deleted before it, so a container without a row never belongs to a live session.
    /// </summary>
    private async Task<int> SweepOrphanContainersAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var item in storage.Blobs.GetBlobContainersAsync(BlobContainerTraits.None, BlobContainerStates.None, "s-", cancellationToken))
        {
            if (!await HasSessionRowAsync(item.Name[2..], cancellationToken)
                && (await storage.Blobs.GetBlobContainerClient(item.Name).DeleteIfExistsAsync(cancellationToken: cancellationToken)).Value)
            {
                deleted++;
            }
        }

        return deleted;
    }

    private async Task<bool> HasSessionRowAsync(string keyPrefix, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {keyPrefix} and PartitionKey lt {keyPrefix + "g"}");
        await foreach (var page in storage.Sessions.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).AsPages())
        {
            if (page.Values.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Cleanup deleted {Sessions} idle sessions and {Containers} containers, kept {Skipped} that became active (idle before {Cutoff})")]
    private partial void LogCleanup(int sessions, int containers, int skipped, DateTimeOffset cutoff);
}
