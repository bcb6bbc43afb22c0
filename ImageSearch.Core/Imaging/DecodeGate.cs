using ImageSearch.Core.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp.Memory;

namespace ImageSearch.Core.Imaging;

/// <summary>
/// The instance's decode slots, shared by uploads, catalog imports and web fetches, and the memory they decode into: at
/// most <see cref="ImageLimitsOptions.MaxConcurrentDecodes"/> images are decoded (and held as pixels) at once, each
/// buffer from <see cref="Memory"/> (at most <see cref="ImageLimitsOptions.DecoderMemoryLimitMegabytes"/>), so a burst of
/// large images costs at most slots × that limit and the processors they have. An upload or import waits <see cref="ImageLimitsOptions.DecodeQueueSeconds"/> for a slot, then gets 503
/// <c>decoder-busy</c> with Retry-After; a web fetch waits within its own deadline.
/// </summary>
public sealed class DecodeGate : IDisposable
{
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// Native allocations of at least this size are mapped (and unmapped when freed) rather than carved from glibc's heap.
    /// glibc raises its threshold on its own up to 32 MiB after the first large buffer is freed; from then on pixel
    /// buffers (ImageSharp allocates large images in chunks of a few MiB) came from the heap, where fragmentation kept
    /// ~90 MiB resident after a burst of 16 40-MP uploads even after malloc_trim; with the threshold fixed, +21–25 MiB
    /// (docs/performance.md §6). Set once per process, when the first gate is created (before any decode).
    /// </summary>
    public const int NativeMmapThresholdBytes = 1024 * 1024;

    private static readonly Lazy<bool> NativeHeapConfigured = new(ConfigureNativeHeap);

    /// <summary>At most this much decoder memory stays pooled between images (until <see cref="Relief"/> releases it).</summary>
    public const int PoolMegabytes = 32;

    private readonly SemaphoreSlim _slots;
    private readonly TimeSpan _queue;

    public DecodeGate(IOptions<ImageLimitsOptions> options, TimeProvider clock, ILogger<DecodeGate> logger)
    {
        _ = NativeHeapConfigured.Value;
        Capacity = options.Value.MaxConcurrentDecodes > 0 ? options.Value.MaxConcurrentDecodes : Environment.ProcessorCount;
        _slots = new SemaphoreSlim(Capacity);
        _queue = TimeSpan.FromSeconds(options.Value.DecodeQueueSeconds);
        // A small pool: buffers of large images go back to the OS when the image is disposed instead of staying pooled
        // (16 parallel 40-MP uploads left ~345 MiB resident afterwards with ImageSharp's default pool).
        Memory = MemoryAllocator.Create(new MemoryAllocatorOptions
        {
            AllocationLimitMegabytes = options.Value.DecoderMemoryLimitMegabytes,
            MaximumPoolSizeMegabytes = PoolMegabytes,
        });
        Relief = new DecodeMemoryRelief(
            TimeSpan.FromSeconds(options.Value.ReleaseMemoryAfterSeconds), () => _slots.CurrentCount == Capacity,
            Memory.ReleaseRetainedResources, () => Environment.WorkingSet, clock, logger);
    }

    public int Capacity { get; }

    /// <summary>Where every decoder and every image derived from a decoded one takes its pixel buffers.</summary>
    public MemoryAllocator Memory { get; }

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

    /// <summary>Fixes glibc's mmap threshold (<see cref="NativeMmapThresholdBytes"/>); false where that is not glibc.</summary>
    private static bool ConfigureNativeHeap()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return NativeMethods.MallOpt(NativeMethods.MmapThreshold, NativeMmapThresholdBytes) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
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
