using System.Diagnostics;

namespace ImageSearch.Core.Search;

/// <summary>Collects <see cref="StageTiming"/>s of one request: <c>using (timer.Stage(PipelineStage.Rank)) { ... }</c>.</summary>
public sealed class StageTimer
{
    private readonly List<StageTiming> _timings = [];

    public IReadOnlyList<StageTiming> Timings => _timings;

    public Scope Stage(string name) => new(this, name, Stopwatch.GetTimestamp());

    public readonly struct Scope(StageTimer owner, string name, long started) : IDisposable
    {
        public void Dispose() => owner._timings.Add(new StageTiming(name, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
    }
}
