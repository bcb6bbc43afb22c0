using Azure;

namespace ImageSearch.Core.Sessions;

/// <summary>A session as stored: its state plus the ETag that guards the next update.</summary>
public sealed record SessionRecord(
    string Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActivity,
    SessionState State,
    ETag ETag);
