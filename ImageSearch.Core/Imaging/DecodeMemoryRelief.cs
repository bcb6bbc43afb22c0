using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Core.Imaging;

/// <summary>
/// Gives the memory of a burst of decoding back to the operating system. The .NET GC keeps a burst's large-object
/// segments committed for the next one (16 parallel 40-MP uploads left ~200 MiB more resident than at rest), which on a
/// 2 GB instance is memory the catalog index and the models need; ImageSharp's pixel buffers are native memory that
/// glibc keeps in its arenas. So once every decode slot has been free for
/// <see cref="ImageLimitsOptions.ReleaseMemoryAfterSeconds"/>, and the process's resident memory has grown by at least
/// <see cref="ThresholdBytes"/> since the last time, one blocking, compacting, aggressive collection runs
/// (<see cref="GCCollectionMode.Aggressive"/> decommits what it frees) and the C heap is trimmed. A decode starting
/// meanwhile postpones it.
/// </summary>
public sealed partial class DecodeMemoryRelief : IDisposable
{
    /// <summary>Growth of resident memory since the last relief below this is not worth a full collection.</summary>
    public const long ThresholdBytes = 64L * 1024 * 1024;

    private readonly TimeSpan _quiet;
    private readonly Func<bool> _idle;
    private readonly Func<long> _residentBytes;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly ITimer? _timer;
    private long _residentAfterLastRelief;

    /// <param name="quiet">How long the slots stay free before the collection; zero turns relief off.</param>
    /// <param name="idle">Whether every decode slot is free.</param>
    /// <param name="residentBytes">The process's resident memory (<see cref="Environment.WorkingSet"/>).</param>
    /// <param name="clock">The timer's clock.</param>
    /// <param name="logger">Where each collection is logged.</param>
    public DecodeMemoryRelief(TimeSpan quiet, Func<bool> idle, Func<long> residentBytes, TimeProvider clock, ILogger logger)
    {
        _quiet = quiet;
        _idle = idle;
        _residentBytes = residentBytes;
        _residentAfterLastRelief = residentBytes();
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
            var before = _residentBytes();
            if (!_idle() || before - _residentAfterLastRelief < ThresholdBytes)
            {
                return;
            }

            var started = Stopwatch.GetTimestamp();
            ResidentMemory.Release();
            _residentAfterLastRelief = _residentBytes();
            Count++;
            LogRelieved(before / 1048576, _residentAfterLastRelief / 1048576, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Decoding quiet: resident memory {BeforeMiB} -> {AfterMiB} MiB after a full collection and heap trim in {ElapsedMs} ms")]
    private partial void LogRelieved(long beforeMiB, long afterMiB, double elapsedMs);
}
