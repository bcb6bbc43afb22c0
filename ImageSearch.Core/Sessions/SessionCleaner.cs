using ImageSearch.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Sessions;

/// <summary>
/// Deletes sessions idle longer than <see cref="SessionOptions.IdleTimeout"/> with their containers.
/// Safe to run twice at once and after a half-failed run: a row is deleted only with the ETag under which it was seen idle
/// (a session touched since then is kept), and containers whose row is gone are swept as orphans.
/// </summary>
public sealed partial class SessionCleaner(
    ISessionStore sessions, SessionImages images, TimeProvider clock, IOptions<SessionOptions> options, ILogger<SessionCleaner> logger)
{
    public async Task<CleanupReport> RunAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Value.IdleTimeout;
        int deleted = 0, containers = 0, skipped = 0;
        await foreach (var idle in sessions.ListIdleAsync(cutoff, cancellationToken))
        {
            switch (await sessions.DeleteIdleAsync(idle, cancellationToken))
            {
                case IdleDeletion.TouchedSince:
                    skipped++;
                    continue;
                case IdleDeletion.Deleted:
                    deleted++;
                    break;
            }

            if (await images.DeleteContainerAsync(idle.StorageKey, cancellationToken))
            {
                containers++;
            }
        }

        containers += await SweepOrphanContainersAsync(cancellationToken);
        LogCleanup(deleted, containers, skipped, cutoff);
        return new CleanupReport(deleted, containers, skipped);
    }

    /// <summary>
    /// Containers of sessions whose row is gone (a delete that half-failed earlier). Rows are always written before their
    /// container and deleted before it, so a container without a row never belongs to a live session.
    /// </summary>
    private async Task<int> SweepOrphanContainersAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var keyPrefix in images.ContainerKeyPrefixesAsync(cancellationToken))
        {
            if (!await sessions.ExistsWithKeyPrefixAsync(keyPrefix, cancellationToken)
                && await images.DeleteContainerByPrefixAsync(keyPrefix, cancellationToken))
            {
                deleted++;
            }
        }

        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Cleanup deleted {Sessions} idle sessions and {Containers} containers, kept {Skipped} that became active (idle before {Cutoff})")]
    private partial void LogCleanup(int sessions, int containers, int skipped, DateTimeOffset cutoff);
}
