namespace ImageSearch.Core.Sessions;

/// <summary>What one cleanup run did.</summary>
public sealed record CleanupReport(int SessionsDeleted, int ContainersDeleted, int SkippedBecomeActive);
