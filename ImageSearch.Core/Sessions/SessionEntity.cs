using Azure;
using Azure.Data.Tables;

namespace ImageSearch.Core.Sessions;

/// <summary>The Table Storage row of a session. PartitionKey is the session's storage key (a hash, never the id).</summary>
public sealed class SessionEntity : ITableEntity
{
    public const string Row = "session";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastActivity { get; set; }

    /// <summary>The <see cref="SessionState"/>, compressed (<see cref="SessionStateCodec"/>).</summary>
    public byte[] StateBrotli { get; set; } = [];

    /// <summary>Mirrors <see cref="SessionState.UploadCount"/> for operators browsing the table.</summary>
    public int UploadCount { get; set; }
}
