using System.Globalization;

namespace ImageSearch.Core.Imaging;

/// <summary>
/// A cancellation token that fires when the thread that created it has used its CPU-time budget (Linux: the thread's
/// user + system time in /proc/self/task/{tid}/stat, sampled every <see cref="SampleInterval"/>), or when the caller's token
/// fires. A decode runs synchronously on one thread (ImageSharp with one degree of parallelism), so this is the decode's
/// CPU time, whatever else the machine is doing: a photo is not refused because a neighbour is busy. Where the thread's
/// time cannot be read, the budget is wall-clock time.
/// </summary>
public sealed class DecodeCpuBudget : IDisposable
{
    public static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(50);

    private const double TicksPerSecond = 100; // USER_HZ, the unit of /proc times on every Linux ABI

    private readonly CancellationTokenSource _source;
    private readonly ITimer? _sampler;
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
            _sampler = clock.CreateTimer(_ => Sample(), null, SampleInterval, SampleInterval);
        }
        else
        {
            _sampler = clock.CreateTimer(_ => Exhaust(), null, budget, Timeout.InfiniteTimeSpan);
        }
    }

    public CancellationToken Token => _source.Token;

    /// <summary>Whether the budget (not the caller) stopped the work.</summary>
    public bool Exhausted { get; private set; }

    public void Dispose()
    {
        _sampler?.Dispose();
        _source.Dispose();
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
