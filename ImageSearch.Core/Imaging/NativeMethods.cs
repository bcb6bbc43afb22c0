using System.Runtime.InteropServices;

namespace ImageSearch.Core.Imaging;

/// <summary>The C library calls the imaging stage makes (see <see cref="DecodeMemoryRelief"/>).</summary>
internal static class NativeMethods
{
    /// <summary>glibc's malloc_trim(3): returns free heap memory to the system; 1 when some was released.</summary>
    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static extern int MallocTrim(nuint pad);
}
