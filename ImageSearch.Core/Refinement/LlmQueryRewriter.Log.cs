using Microsoft.Extensions.Logging;

namespace ImageSearch.Core.Refinement;

/// <summary>What the query rewriter logs (never the user's text: only tasks, timings and rejection reasons).</summary>
public sealed partial class LlmQueryRewriter
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded query rewriter {ModelId} from {Directory} in {ElapsedMs} ms (key/value cache: {HasCache})")]
    private partial void LogLoaded(string modelId, string directory, double elapsedMs, bool hasCache);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Query rewriter {Task}: answered {Answered} in {ElapsedMs} ms")]
    private partial void LogAnswered(string task, bool answered, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Query rewriter {Task} passed its deadline of {DeadlineMs} ms; using the rule-based answer")]
    private partial void LogDeadline(string task, int deadlineMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Query rewriter kept the {Count} variations found before its deadline of {DeadlineMs} ms")]
    private partial void LogPartial(int count, int deadlineMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Query rewriter {Task} failed, using the rule-based answer: {Reason}")]
    private partial void LogFailed(string task, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Query rewriter output rejected: {Rejection}")]
    private partial void LogRejected(string rejection);
}
