using System.Collections.Concurrent;
using System.Globalization;

namespace ImageSearch.Core.Imaging;

/// <summary>
/// A cancellation token that fires when the thread that created it has used its CPU-time budget (Linux: the thread's
/// user + system time in /proc/self/task/{tid}/stat, sampled every <see cref="SampleInterval"/>), or when the caller's token
/// fires. A decode runs synchronously on one thread (ImageSharp with one degree of parallelism), so this is the decode's
/// CPU time, whatever else the machine is doing: a photo is not refused because a neighbour is busy. Where the thread's
/// time cannot be read, the budget is wall-clock time. The samples are taken by one dedicated background thread for all
/// budgets, not by thread-pool timers: a pool busy with synchronous decodes and model runs delayed a timer's callback
/// (and so the cut) by up to ~0.7 s of the decode's CPU.
/// </summary>
public sealed class DecodeCpuBudget : IDisposable
{
    public static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(20);

    private static readonly ConcurrentDictionary<DecodeCpuBudget, byte> Active = new();
    private static readonly SemaphoreSlim Added = new(0);
    private static readonly Lazy<Thread> Watcher = new(StartWatcher, LazyThreadSafetyMode.ExecutionAndPublication);

    private const double TicksPerSecond = 100; // USER_HZ, the unit of /proc times on every Linux ABI

    private readonly CancellationTokenSource _source;
    private readonly ITimer? _wallClock;
    private readonly string? _statPath;
    private readonly double _startSeconds;
    private readonly TimeSpan _budget;

    public DecodeCpuBudget(TimeSpan budget, TimeProvider clock, CancellationToken cancellationToken)
    {
        _budget = budget;
        _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _statPath = OperatingSystem.IsLinux() ? $"/proc/self/task/{CurrentThreadId()}/stat" : null;
        if (_statPath is not null && ThreadCpuSeconds(_statPath) is { } start)
        {
            _startSeconds = start;
            Active[this] = 0;
            _ = Watcher.Value;
            Added.Release();
        }
        else
        {
            _wallClock = clock.CreateTimer(_ => Exhaust(), null, budget, Timeout.InfiniteTimeSpan);
        }
    }

    public CancellationToken Token => _source.Token;

    /// <summary>Whether the budget (not the caller) stopped the work.</summary>
    public bool Exhausted { get; private set; }

    public void Dispose()
    {
        Active.TryRemove(this, out _);
        _wallClock?.Dispose();
        _source.Dispose();
    }

    private static Thread StartWatcher()
    {
        var thread = new Thread(Watch) { IsBackground = true, Name = "decode-cpu-budget" };
        thread.Start();
        return thread;
    }

    /// <summary>Samples every active budget each <see cref="SampleInterval"/>; sleeps until one is added when none is.</summary>
    private static void Watch()
    {
        while (true)
        {
            if (Active.IsEmpty)
            {
                Added.Wait();
            }

            while (Added.CurrentCount > 0)
            {
                Added.Wait(0); // every budget added so far is in Active: the counts only wake this loop
            }

            Thread.Sleep(SampleInterval);
            foreach (var budget in Active.Keys)
            {
                budget.Sample();
            }
        }
    }

    private void Sample()
    {
        if (ThreadCpuSeconds(_statPath!) is { } now && now - _startSeconds >= _budget.TotalSeconds)
        {
            Exhaust();
        }
    }

    private void Exhaust()
    {
        try
        {
            if (!_source.IsCancellationRequested)
            {
                Exhausted = true;
                _source.Cancel();
            }
        }
        catch (ObjectDisposedException)
        {
            // the decode finished (and disposed this) while a timer callback was on its way
        }
    }

    /// <summary>utime + stime of the thread, or null when the file cannot be read (the thread has ended).</summary>
    private static double? ThreadCpuSeconds(string statPath)
    {
        try
        {
            var stat = File.ReadAllText(statPath);
            // Fields after "(comm)": state is the 3rd field overall; utime and stime are the 14th and 15th.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static int CurrentThreadId()
    {
        try
        {
            return NativeMethods.GetThreadId();
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return -1;
        }
    }
}
