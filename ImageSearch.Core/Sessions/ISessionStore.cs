using ImageSearch.Core.Errors;

namespace ImageSearch.Core.Sessions;

/// <summary>Persists sessions. Updates are optimistic: they fail with <see cref="SessionConflictException"/> when the session changed meanwhile.</summary>
public interface ISessionStore
{
    Task<SessionRecord> CreateAsync(CancellationToken cancellationToken);

    /// <summary>Loads a session and records activity on it. Throws <see cref="SessionNotFoundException"/>.</summary>
    Task<SessionRecord> TouchAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces the state if the session still has <see cref="SessionRecord.ETag"/>.</summary>
    Task<SessionRecord> UpdateAsync(SessionRecord session, SessionState state, CancellationToken cancellationToken);

    /// <summary>Deletes a session and its images. Throws <see cref="SessionNotFoundException"/>.</summary>
    Task DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Sessions whose last activity is before <paramref name="cutoff"/>.</summary>
    IAsyncEnumerable<IdleSession> ListIdleAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>Deletes an idle session's row only if it is unchanged since it was listed (its images are the caller's).</summary>
    Task<IdleDeletion> DeleteIdleAsync(IdleSession session, CancellationToken cancellationToken);

    /// <summary>Whether a session whose storage key starts with <paramref name="keyPrefix"/> exists.</summary>
    Task<bool> ExistsWithKeyPrefixAsync(string keyPrefix, CancellationToken cancellationToken);
}
