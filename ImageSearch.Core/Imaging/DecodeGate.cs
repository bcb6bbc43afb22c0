using ImageSearch.Core.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Imaging;

/// <summary>
/// The instance's decode slots, shared by uploads, catalog imports and web fetches: at most
/// <see cref="ImageLimitsOptions.MaxConcurrentDecodes"/> images are decoded (and held as pixels) at once, so a burst of
/// large images costs at most slots × <see cref="ImageLimitsOptions.DecoderMemoryLimitMegabytes"/> and the processors
/// they have. An upload or import waits <see cref="ImageLimitsOptions.DecodeQueueSeconds"/> for a slot, then gets 503
/// <c>decoder-busy</c> with Retry-After; a web fetch waits within its own deadline.
/// </summary>
public sealed class DecodeGate : IDisposable
{
    public const int RetryAfterSeconds = 5;

    private readonly SemaphoreSlim _slots;
    private readonly TimeSpan _queue;

    public DecodeGate(IOptions<ImageLimitsOptions> options, TimeProvider clock, ILogger<DecodeGate> logger)
    {
        Capacity = options.Value.MaxConcurrentDecodes > 0 ? options.Value.MaxConcurrentDecodes : Environment.ProcessorCount;
        _slots = new SemaphoreSlim(Capacity);
        _queue = TimeSpan.FromSeconds(options.Value.DecodeQueueSeconds);
        Relief = new DecodeMemoryRelief(
            TimeSpan.FromSeconds(options.Value.ReleaseMemoryAfterSeconds), () => _slots.CurrentCount == Capacity, () => Environment.WorkingSet,
            clock, logger);
    }

    public int Capacity { get; }

    /// <summary>Gives a burst's memory back once the slots are quiet.</summary>
    public DecodeMemoryRelief Relief { get; }

    /// <summary>A slot for an upload or import, or 503 <c>decoder-busy</c> after the queue time.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken) =>
        await _slots.WaitAsync(_queue, cancellationToken)
            ? new Slot(this)
            : throw new ImageSearchException("decoder-busy", ErrorKind.Unavailable, "Busy",
                $"Too many images are being decoded on this server right now. Retry in {RetryAfterSeconds} s.",
                retryAfterSeconds: RetryAfterSeconds);

    /// <summary>A slot, waiting as long as <paramref name="cancellationToken"/> allows (a web fetch's deadline).</summary>
    public async Task<IDisposable> WaitAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        return new Slot(this);
    }

    public void Dispose()
    {
        Relief.Dispose();
        _slots.Dispose();
    }

    private void Release()
    {
        if (_slots.Release() + 1 == Capacity)
        {
            Relief.SlotsFreed();
        }
    }

    private sealed class Slot(DecodeGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
