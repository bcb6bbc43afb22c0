using ImageSearch.Core.Downloads;
using ImageSearch.Core.Search;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Sessions;

/// <summary>Session lifecycle as the API offers it: create, read, reset, delete.</summary>
public sealed class SessionService(ISessionStore store, SessionImages images, ResultLinks links, IOptions<SessionOptions> options)
{
    public async Task<SessionView> CreateAsync(CancellationToken cancellationToken) =>
        View(await store.CreateAsync(cancellationToken));

    public async Task<SessionView> GetAsync(string id, CancellationToken cancellationToken) =>
        View(await store.TouchAsync(id, cancellationToken));

    /// <summary>Clears query, refinements, results and the session's images; the session itself stays.</summary>
    public async Task<SessionView> ResetAsync(string id, CancellationToken cancellationToken)
    {
        var session = await store.TouchAsync(id, cancellationToken);
        var cleared = await store.UpdateAsync(session, SessionState.Empty, cancellationToken);
        await images.DeleteAllAsync(id, cancellationToken);
        return View(cleared);
    }

    public Task DeleteAsync(string id, CancellationToken cancellationToken) => store.DeleteAsync(id, cancellationToken);

    public SessionView View(SessionRecord session)
    {
        var state = session.State;
        return new SessionView(
            session.Id, session.CreatedAt, session.LastActivity, options.Value.IdleTimeoutMinutes,
            state.Query, state.EffectiveQuery, state.QueryUploadIds, state.Refinements,
            links.WithLinks(session.Id, state.LastResults), state.Uploads.Select(u => ToView(session.Id, u)).ToList(), state.UploadCount);
    }

    public UploadView ToView(string sessionId, SessionUpload upload) =>
        new(upload.Id, upload.FileName, upload.Width, upload.Height, upload.Caption, upload.CaptionModel,
            links.For(sessionId, ResultLinks.UploadSource, upload.Id, Path.GetFileNameWithoutExtension(upload.FileName)));
}
