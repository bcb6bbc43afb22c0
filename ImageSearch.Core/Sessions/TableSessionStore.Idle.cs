using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;

namespace ImageSearch.Core.Sessions;

/// <summary>What the cleanup asks of the sessions table: idle rows, version-guarded deletes, and existence by key prefix.</summary>
public sealed partial class TableSessionStore
{
    public async IAsyncEnumerable<IdleSession> ListIdleAsync(DateTimeOffset cutoff, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"LastActivity lt {cutoff}");
        await foreach (var idle in storage.Sessions.QueryAsync<SessionEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return new IdleSession(idle.PartitionKey, idle.ETag);
        }
    }

    public async Task<IdleDeletion> DeleteIdleAsync(IdleSession session, CancellationToken cancellationToken)
    {
        try
        {
            // The SDK reports a missing row (an overlapping run got there first) as a 404 response, not an exception.
            var response = await storage.Sessions.DeleteEntityAsync(session.StorageKey, SessionEntity.Row, session.ETag, cancellationToken);
            return response.Status == 404 ? IdleDeletion.AlreadyGone : IdleDeletion.Deleted;
        }
        catch (RequestFailedException e) when (e.Status is 412)
        {
            return IdleDeletion.TouchedSince;
        }
    }

    public async Task<bool> ExistsWithKeyPrefixAsync(string keyPrefix, CancellationToken cancellationToken)
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
}
