using ImageSearch.Core.Search;

namespace ImageSearch.Functions.Contracts;

/// <summary>The duration of one pipeline stage (also sent as the Server-Timing header).</summary>
public sealed record StageTimingView(string Stage, double Milliseconds)
{
    public static StageTimingView From(StageTiming timing) => new(timing.Stage, timing.Milliseconds);
}
