using System.Runtime.InteropServices;

namespace ImageSearch.Core.Imaging;

/// <summary>The C library calls the imaging stage makes (<see cref="DecodeMemoryRelief"/>, <see cref="DecodeCpuBudget"/>).</summary>
internal static class NativeMethods
{
    /// <summary>glibc's malloc_trim(3): returns free heap memory to the system; 1 when some was released.</summary>
    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static extern int MallocTrim(nuint pad);

    /// <summary>gettid(2): the calling thread's kernel id (glibc 2.30+).</summary>
    [DllImport("libc", EntryPoint = "gettid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static extern int GetThreadId();
}
