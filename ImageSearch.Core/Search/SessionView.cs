using ImageSearch.Core.Sessions;

namespace ImageSearch.Core.Search;

/// <summary>A session as the API shows it.</summary>
public sealed record SessionView(
    string SessionId, DateTimeOffset CreatedAt, DateTimeOffset LastActivity, int IdleTimeoutMinutes,
    string? Query, IReadOnlyList<SearchHit> Results, int UploadCount)
{
    public static SessionView From(SessionRecord session, int idleTimeoutMinutes) => new(
        session.Id, session.CreatedAt, session.LastActivity, idleTimeoutMinutes,
        session.State.Query, session.State.LastResults, session.State.UploadCount);
}
