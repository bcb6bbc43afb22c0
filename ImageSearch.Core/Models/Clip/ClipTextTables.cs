using System.Globalization;
using System.Text;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// Reads the data tables of the CLIP text clean-up (<c>Tables/*.txt</c>, embedded): facts from Python's standard library
/// (HTML5 entities, Unicode normalisation and casing data) that .NET does not offer under InvariantGlobalization, written
/// once by <c>scripts/generate_clip_text_tables.py</c>. Lines hold space-separated fields; <c>#</c> starts a comment line.
/// </summary>
internal static class ClipTextTables
{
    private const string ResourcePrefix = "ImageSearch.Core.Models.Clip.Tables.";

    public static IEnumerable<string[]> Rows(string fileName)
    {
        using var stream = typeof(ClipTextTables).Assembly.GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new InvalidOperationException($"Resource {ResourcePrefix}{fileName} is missing from {typeof(ClipTextTables).Assembly.FullName}.");
        using var reader = new StreamReader(stream, Encoding.ASCII);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                yield return line.Split(' ');
            }
        }
    }

    public static int CodePoint(string hex) => int.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    /// <summary>The text of hexadecimal code points, e.g. <c>["0041", "0300"]</c>.</summary>
    public static string Text(IEnumerable<string> hexCodePoints) =>
        string.Concat(hexCodePoints.Select(hex => char.ConvertFromUtf32(CodePoint(hex))));

    /// <summary>A range written <c>FIRST..LAST</c>.</summary>
    public static (int First, int Last) Range(string range)
    {
        var dots = range.IndexOf("..", StringComparison.Ordinal);
        return (CodePoint(range[..dots]), CodePoint(range[(dots + 2)..]));
    }
}
