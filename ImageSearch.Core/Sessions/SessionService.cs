using ImageSearch.Core.Search;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Sessions;

/// <summary>Session lifecycle as the API offers it: create, read, reset, delete.</summary>
public sealed class SessionService(ISessionStore store, SessionImages images, IOptions<SessionOptions> options)
{
    private int IdleMinutes => options.Value.IdleTimeoutMinutes;

    public async Task<SessionView> CreateAsync(CancellationToken cancellationToken) =>
        SessionView.From(await store.CreateAsync(cancellationToken), IdleMinutes);

    public async Task<SessionView> GetAsync(string id, CancellationToken cancellationToken) =>
        SessionView.From(await store.TouchAsync(id, cancellationToken), IdleMinutes);

    /// <summary>Clears query, results and the session's images; the session itself stays.</summary>
    public async Task<SessionView> ResetAsync(string id, CancellationToken cancellationToken)
    {
        var session = await store.TouchAsync(id, cancellationToken);
        var cleared = await store.UpdateAsync(session, SessionState.Empty, cancellationToken);
        await images.DeleteAllAsync(id, cancellationToken);
        return SessionView.From(cleared, IdleMinutes);
    }

    public Task DeleteAsync(string id, CancellationToken cancellationToken) => store.DeleteAsync(id, cancellationToken);
}
