using System.Text;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// The characters that Windows-1252 gives the C1 bytes 0x80..0x9F, with the five bytes it leaves undefined kept as the C1
/// control of the same number. Python's <c>html.unescape</c> maps numeric references to 0x80..0x9F this way (its
/// <c>_invalid_charrefs</c>), and ftfy's <c>fix_c1_controls</c> ("sloppy-windows-1252") maps C1 controls the same way;
/// .NET's code page 1252 decoder does exactly this.
/// </summary>
internal static class SloppyWindows1252
{
    private static readonly string C1Characters = CodePagesEncodingProvider.Instance.GetEncoding(1252)!
        .GetString([.. Enumerable.Range(0x80, 0x20).Select(b => (byte)b)]);

    public static bool IsC1Control(int codePoint) => codePoint is >= 0x80 and <= 0x9F;

    /// <summary>The Windows-1252 character of a C1 code point (0x80..0x9F).</summary>
    public static char Decode(int c1CodePoint) => C1Characters[c1CodePoint - 0x80];
}
