using Azure.Core;
using Azure.Core.Pipeline;

namespace ImageSearch.Tests.Catalog;

/// <summary>
/// A storage pipeline policy that counts the requests <paramref name="matches"/> accepts and, while armed, holds them until
/// <see cref="Release"/>: a test can keep a reload in flight for as long as it needs, without sleeping.
/// </summary>
public sealed class HoldingPolicy(Func<HttpMessage, bool> matches) : HttpPipelinePolicy
{
    private TaskCompletionSource _released = Completed();
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    public int Count => _count;

    /// <summary>Completes when a matching request arrived while armed.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Holds the next matching requests.</summary>
    public void Arm()
    {
        _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Release() => _released.TrySetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (matches(message))
        {
            Interlocked.Increment(ref _count);
            _reached.TrySetResult();
            await _released.Task;
        }

        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("the app calls storage asynchronously");

    /// <summary>
    /// The kinds of table query the catalog makes: a partition's item rows (a full load), a key range of change entries
    /// (a delta), a filter on every row's timestamp (the scan for rows without change entries).
    /// </summary>
    public enum TableRead
    {
        Full,
        Changes,
        Scan,
    }

    /// <summary>A table query (not a point read) of the given kind on a table whose name starts with <paramref name="table"/>.</summary>
    public static Func<HttpMessage, bool> TableQuery(string table, TableRead read) => message =>
    {
        var uri = Uri.UnescapeDataString(message.Request.Uri.ToString());
        if (!uri.Contains($"/{table}()", StringComparison.Ordinal) || !uri.Contains("filter", StringComparison.Ordinal))
        {
            return false;
        }

        var kind = uri.Contains("Timestamp", StringComparison.Ordinal) ? TableRead.Scan
            : uri.Contains("'~~'", StringComparison.Ordinal) ? TableRead.Changes
            : TableRead.Full;
        return kind == read;
    };

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}
