using ImageSearch.Core.Storage;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Sessions;

/// <summary>Session lifecycle as the API offers it: create, read, reset, delete.</summary>
public sealed class SessionService(ISessionStore store, SessionImages images, IOptions<SessionOptions> options)
{
    /// <summary>Idle minutes after which a session is deleted.</summary>
    public int IdleTimeoutMinutes => options.Value.IdleTimeoutMinutes;

    public Task<SessionRecord> CreateAsync(CancellationToken cancellationToken) => store.CreateAsync(cancellationToken);

    public Task<SessionRecord> GetAsync(string id, CancellationToken cancellationToken) => store.TouchAsync(id, cancellationToken);

    /// <summary>Clears query, refinements, results and the session's images; the session itself stays.</summary>
    public async Task<SessionRecord> ResetAsync(string id, CancellationToken cancellationToken)
    {
        var session = await store.TouchAsync(id, cancellationToken);
        var cleared = await store.UpdateAsync(session, SessionState.Empty, cancellationToken);
        await images.DeleteAllAsync(id, cancellationToken);
        return cleared;
    }

    public Task DeleteAsync(string id, CancellationToken cancellationToken) => store.DeleteAsync(id, cancellationToken);
}
