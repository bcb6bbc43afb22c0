namespace ImageSearch.Core.Imaging;

/// <summary>
/// Hands memory a burst left behind back to the operating system: one blocking, compacting, aggressive collection
/// (<see cref="GCCollectionMode.Aggressive"/> decommits what it frees) and glibc's <c>malloc_trim</c> (native buffers
/// freed into its arenas). Used after a burst of decoding (<see cref="DecodeMemoryRelief"/>) and after the catalog's first
/// load, whose decoded rows are garbage once the index is built.
/// </summary>
public static class ResidentMemory
{
    /// <summary>Growth of resident memory below this is not worth a blocking full collection.</summary>
    public const long WorthReleasingBytes = 64L * 1024 * 1024;

    public static void Release()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        TrimNativeHeap();
    }

    /// <summary>
    /// ImageSharp's large pixel buffers are native memory (malloc). glibc keeps what they freed in its arenas once its
    /// adaptive mmap threshold has grown past the buffers' size; malloc_trim hands the free pages back. Not on other C
    /// libraries (musl has no malloc_trim) or systems.
    /// </summary>
    private static void TrimNativeHeap()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = NativeMethods.MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
        }
    }
}
