namespace ImageSearch.Core.Quotas;

/// <summary>What a quota counts. Each has its own budget per partition (a client address or a session).</summary>
public enum Quota
{
    /// <summary>New sessions, per client address.</summary>
    SessionsPerClient,

    /// <summary>Searches, refinements, undos and re-rankings, per client address.</summary>
    SearchesPerClient,

    /// <summary>Searches, refinements, undos and re-rankings, per session.</summary>
    SearchesPerSession,

    /// <summary>Image uploads, per client address.</summary>
    UploadsPerClient,

    /// <summary>Ranking calls that reach the web source (DuckDuckGo queries and image fetches), per client address.</summary>
    WebSearchesPerClient,
}
