using ImageSearch.Core.Sessions;
using ImageSearch.Functions.Http;

namespace ImageSearch.Functions.Contracts;

/// <summary>A session as the API shows it.</summary>
public sealed record SessionView(
    string SessionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActivity,
    int IdleTimeoutMinutes,
    string? Query,
    string? EffectiveQuery,
    IReadOnlyList<string> UploadIds,
    IReadOnlyList<RefinementView> Refinements,
    IReadOnlyList<SearchHit> Results,
    IReadOnlyList<UploadView> Uploads,
    int UploadCount,
    ControlsView Controls)
{
    public static SessionView From(SessionRecord session, int idleTimeoutMinutes, ApiLinks links)
    {
        var state = session.State;
        return new SessionView(
            session.Id, session.CreatedAt, session.LastActivity, idleTimeoutMinutes, state.Query, state.EffectiveQuery, state.QueryUploadIds,
            [.. state.Refinements.Select(RefinementView.From)],
            [.. state.LastResults.Select(r => SearchHit.From(session.Id, r, links))],
            [.. state.Uploads.Select(u => UploadView.From(session.Id, u, links))],
            state.UploadCount,
            ControlsView.From(state.Controls));
    }
}
