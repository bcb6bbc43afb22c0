using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// Python's <c>html.unescape</c> (HTML5 rules), which CLIP's <c>basic_clean</c> applies twice. System.Net.WebUtility.HtmlDecode
/// differs (HTML4 names only, no references without ';', no Windows-1252 remap of <c>&amp;#x80;</c>), so this follows the
/// Python source: named references from <c>html.entities.html5</c>, the longest known prefix of an unknown name (so
/// <c>&amp;copy2020</c> is "©2020" while <c>AT&amp;T</c> stays), numeric references with its replacements for 0, CR,
/// 0x80..0x9F, surrogates, too-large numbers and non-characters. One pass: <c>&amp;amp;amp;</c> becomes <c>&amp;amp;</c>.
/// </summary>
public static partial class PythonHtml
{
    private static readonly Lazy<FrozenDictionary<string, string>> Entities = new(LoadEntities);

    /// <summary>html.entities.html5: names with their ';' (and the legacy ones also without) to their text.</summary>
    public static FrozenDictionary<string, string> Html5Entities => Entities.Value;

    public static string Unescape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains('&', StringComparison.Ordinal) ? CharacterReference().Replace(text, Replace) : text;
    }

    private static string Replace(Match match)
    {
        var reference = match.Groups[1].Value;
        return reference[0] == '#' ? Numeric(reference) : Named(reference);
    }

    private static string Named(string name)
    {
        if (Html5Entities.TryGetValue(name, out var text))
        {
            return text;
        }

        // Python tries prefixes of at least two code points, longest first; entity names are ASCII, so counting chars
        // finds the same prefix.
        for (var length = name.Length - 1; length > 1; length--)
        {
            if (Html5Entities.TryGetValue(name[..length], out var prefixText))
            {
                return prefixText + name[length..];
            }
        }

        return "&" + name;
    }

    private static string Numeric(string reference)
    {
        var hex = reference[1] is 'x' or 'X';
        var number = Parse(reference.AsSpan(hex ? 2 : 1).TrimEnd(';'), hex);
        return number switch
        {
            0x00 => "\uFFFD",
            0x0D => "\r",
            _ when SloppyWindows1252.IsC1Control(number) => SloppyWindows1252.Decode(number).ToString(),
            >= 0xD800 and <= 0xDFFF or > 0x10FFFF => "\uFFFD",
            _ when IsInvalidCodePoint(number) => string.Empty,
            _ => char.ConvertFromUtf32(number),
        };
    }

    /// <summary>The number of the digits; any number past U+10FFFF (Python's int has no limit) as int.MaxValue.</summary>
    private static int Parse(ReadOnlySpan<char> digits, bool hex)
    {
        digits = digits.TrimStart('0');
        if (digits.Length > (hex ? 6 : 7))
        {
            return int.MaxValue;
        }

        return digits.IsEmpty ? 0 : int.Parse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>Python's <c>_invalid_codepoints</c>: controls other than tab, LF, FF, CR and the non-characters.</summary>
    private static bool IsInvalidCodePoint(int c) =>
        c is >= 0x01 and <= 0x08 or 0x0B or >= 0x0E and <= 0x1F or >= 0x7F and <= 0x9F or >= 0xFDD0 and <= 0xFDEF
        || (c & 0xFFFE) == 0xFFFE;

    private static FrozenDictionary<string, string> LoadEntities() =>
        ClipTextTables.Rows("html5-entities.txt").ToFrozenDictionary(row => row[0], row => ClipTextTables.Text(row.Skip(1)), StringComparer.Ordinal);

    /// <summary>
    /// Python's <c>_charref</c>. A name is at most 32 code points: a surrogate pair counts once, as in Python's str.
    /// </summary>
    [GeneratedRegex(@"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|(?:[\uD800-\uDBFF][\uDC00-\uDFFF]|[^\t\n\f <&#;]){1,32};?)")]
    private static partial Regex CharacterReference();
}
