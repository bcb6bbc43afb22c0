using Azure;
using Azure.Data.Tables;
using ImageSearch.Core.Errors;
using ImageSearch.Core.Storage;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Core.Sessions;

/// <summary>Sessions in Table Storage, one row each, guarded by ETags; images in one container per session.</summary>
public sealed partial class TableSessionStore(
    StorageClients storage, SessionImages images, TimeProvider clock, ILogger<TableSessionStore> logger) : ISessionStore
{
    public async Task<SessionRecord> CreateAsync(CancellationToken cancellationToken)
    {
        var id = SessionId.New();
        var now = clock.GetUtcNow();
        var entity = new SessionEntity
        {
            PartitionKey = SessionId.StorageKey(id),
            CreatedAt = now,
            LastActivity = now,
            StateBrotli = SessionStateCodec.Encode(SessionState.Empty),
        };
        var response = await storage.Sessions.AddEntityAsync(entity, cancellationToken);
        LogCreated(SessionId.LogTag(id));
        return new SessionRecord(id, now, now, SessionState.Empty, response.Headers.ETag ?? default);
    }

    public async Task<SessionRecord> TouchAsync(string id, CancellationToken cancellationToken)
    {
        var entity = await LoadAsync(id, cancellationToken);
        entity.LastActivity = clock.GetUtcNow();
        try
        {
            var response = await storage.Sessions.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Merge, cancellationToken);
            entity.ETag = response.Headers.ETag ?? entity.ETag;
        }
        catch (RequestFailedException e) when (e.Status is 404)
        {
            throw new SessionNotFoundException();
        }
        catch (RequestFailedException e) when (e.Status is 412)
        {
            // Another request touched it first: it is active, which is all a touch records. Re-read for a current ETag.
            entity = await LoadAsync(id, cancellationToken);
        }

        return ToRecord(id, entity);
    }

    public async Task<SessionRecord> UpdateAsync(SessionRecord session, SessionState state, CancellationToken cancellationToken)
    {
        var entity = new SessionEntity
        {
            PartitionKey = SessionId.StorageKey(session.Id),
            CreatedAt = session.CreatedAt,
            LastActivity = clock.GetUtcNow(),
            StateBrotli = SessionStateCodec.Encode(state), // 413 session-full here, before anything is written
            UploadCount = state.UploadCount,
        };
        try
        {
            var response = await storage.Sessions.UpdateEntityAsync(entity, session.ETag, TableUpdateMode.Replace, cancellationToken);
            return new SessionRecord(session.Id, session.CreatedAt, entity.LastActivity, state, response.Headers.ETag ?? default);
        }
        catch (RequestFailedException e) when (e.Status is 404)
        {
            throw new SessionNotFoundException();
        }
        catch (RequestFailedException e) when (e.Status is 412)
        {
            LogConflict(SessionId.LogTag(session.Id));
            throw new SessionConflictException();
        }
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var key = SessionKey(id);
        // The row goes first: from here on the session answers 404. Its container follows; if that delete fails the
        // cleanup timer removes the orphan later. The SDK reports a missing row as a 404 response, not an exception.
        var response = await storage.Sessions.DeleteEntityAsync(key, SessionEntity.Row, ETag.All, cancellationToken);
        if (response.Status == 404)
        {
            throw new SessionNotFoundException();
        }

        await images.DeleteContainerAsync(key, cancellationToken);
        LogDeleted(SessionId.LogTag(id));
    }

    private async Task<SessionEntity> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var response = await storage.Sessions.GetEntityIfExistsAsync<SessionEntity>(SessionKey(id), SessionEntity.Row, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity ? entity : throw new SessionNotFoundException();
    }

    private static string SessionKey(string id) =>
        SessionId.IsWellFormed(id) ? SessionId.StorageKey(id) : throw new SessionNotFoundException();

    private static SessionRecord ToRecord(string id, SessionEntity entity) =>
        new(id, entity.CreatedAt, entity.LastActivity, SessionStateCodec.Decode(entity.StateBrotli), entity.ETag);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created session {SessionTag}")]
    private partial void LogCreated(string sessionTag);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted session {SessionTag}")]
    private partial void LogDeleted(string sessionTag);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Concurrent update rejected on session {SessionTag}")]
    private partial void LogConflict(string sessionTag);
}
