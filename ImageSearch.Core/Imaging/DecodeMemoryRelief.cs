using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Core.Imaging;

/// <summary>
/// Gives the memory of a burst of decoding back to the operating system. The .NET GC keeps a burst's segments committed
/// for the next one, ImageSharp keeps pixel buffers pooled, and glibc keeps freed native memory in its arenas: 16
/// parallel 40-MP uploads left ~200 MiB more resident than at rest, memory a 2 GB instance needs for the catalog index and
/// the models. So once every decode slot has been free for <see cref="ImageLimitsOptions.ReleaseMemoryAfterSeconds"/>,
/// the decoders' pooled buffers are released, one blocking, compacting, aggressive collection runs
/// (<see cref="GCCollectionMode.Aggressive"/> decommits what it frees) and the C heap is trimmed: 10–70 ms. A decode
/// starting meanwhile postpones it; at most one runs per <see cref="MinimumInterval"/>, so steady traffic with short
/// pauses pays for at most one such pause in that time.
/// </summary>
public sealed partial class DecodeMemoryRelief : IDisposable
{
    /// <summary>The shortest time between two collections; a quiet period ending sooner waits for it.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(10);

    private readonly TimeSpan _quiet;
    private readonly Func<bool> _idle;
    private readonly Action _releasePooled;
    private readonly Func<long> _residentBytes;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly ITimer? _timer;
    private long? _lastRelief;

    /// <param name="quiet">How long the slots stay free before the collection; zero turns relief off.</param>
    /// <param name="idle">Whether every decode slot is free.</param>
    /// <param name="releasePooled">Releases the decoders' pooled buffers.</param>
    /// <param name="residentBytes">The process's resident memory (<see cref="Environment.WorkingSet"/>), for the log.</param>
    /// <param name="clock">The timer's clock.</param>
    /// <param name="logger">Where each collection is logged.</param>
    public DecodeMemoryRelief(
        TimeSpan quiet, Func<bool> idle, Action releasePooled, Func<long> residentBytes, TimeProvider clock, ILogger logger)
    {
        _quiet = quiet;
        _idle = idle;
        _releasePooled = releasePooled;
        _residentBytes = residentBytes;
        _clock = clock;
        _logger = logger;
        _timer = quiet > TimeSpan.Zero ? clock.CreateTimer(_ => Relieve(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) : null;
    }

    /// <summary>Collections run so far (for tests and logs).</summary>
    public int Count { get; private set; }

    /// <summary>The last slot was given back: (re)starts the quiet period.</summary>
    public void SlotsFreed()
    {
        lock (_lock)
        {
            _timer?.Change(_quiet, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _timer?.Dispose();

    private void Relieve()
    {
        lock (_lock)
        {
            if (!_idle())
            {
                return; // the decode that holds a slot calls SlotsFreed when it ends
            }

            if (_lastRelief is { } last && _clock.GetElapsedTime(last) is var since && since < MinimumInterval)
            {
                _timer!.Change(MinimumInterval - since, Timeout.InfiniteTimeSpan);
                return;
            }

            var before = _residentBytes();
            var started = Stopwatch.GetTimestamp();
            _releasePooled();
            ResidentMemory.Release();
            _lastRelief = _clock.GetTimestamp();
            Count++;
            var heap = GC.GetGCMemoryInfo(GCKind.Any);
            LogRelieved(before / 1048576, _residentBytes() / 1048576, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                heap.HeapSizeBytes / 1048576);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Decoding quiet: resident memory {BeforeMiB} -> {AfterMiB} MiB after releasing pooled buffers, a full collection and a heap trim in {ElapsedMs} ms (managed heap {HeapMiB} MiB)")]
    private partial void LogRelieved(long beforeMiB, long afterMiB, double elapsedMs, long heapMiB);
}
