using System.Runtime.InteropServices;

namespace ImageSearch.Core.Imaging;

/// <summary>The C library calls the imaging stage makes (<see cref="DecodeMemoryRelief"/>, <see cref="DecodeGate"/>, <see cref="DecodeCpuBudget"/>).</summary>
internal static class NativeMethods
{
    /// <summary>glibc's malloc_trim(3): returns free heap memory to the system; 1 when some was released.</summary>
    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static extern int MallocTrim(nuint pad);

    /// <summary>mallopt(3)'s M_MMAP_THRESHOLD: allocations of at least this many bytes are served by mmap.</summary>
    internal const int MmapThreshold = -3;

    /// <summary>glibc's mallopt(3): sets a malloc parameter; 1 on success.</summary>
    [DllImport("libc", EntryPoint = "mallopt")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static extern int MallOpt(int parameter, int value);

    /// <summary>gettid(2): the calling thread's kernel id (glibc 2.30+).</summary>
    [DllImport("libc", EntryPoint = "gettid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static extern int GetThreadId();
}
