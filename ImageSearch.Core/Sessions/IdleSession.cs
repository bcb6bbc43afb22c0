using Azure;

namespace ImageSearch.Core.Sessions;

/// <summary>A session seen idle by the cleanup, with the version (ETag) it had then: deleting it is guarded by that version.</summary>
public sealed record IdleSession(string StorageKey, ETag ETag);

/// <summary>What became of an idle session the cleanup tried to delete.</summary>
public enum IdleDeletion
{
    Deleted,

    /// <summary>Another run deleted it first.</summary>
    AlreadyGone,

    /// <summary>It was used after it was seen idle: active again, kept.</summary>
    TouchedSince,
}
