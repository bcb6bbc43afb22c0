using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// The fixes that ftfy 6.3's <c>fix_text</c> applies by default besides HTML unescaping and mojibake repair, each as ftfy's
/// function of the same name does it (ftfy/fixes.py, ftfy/chardata.py). <see cref="Ftfy.FixText"/> runs them in order.
/// </summary>
public static partial class FtfyFixes
{
    private static readonly Lazy<FrozenDictionary<int, string>> WidthMap = new(() =>
        ClipTextTables.Rows("ftfy-width-map.txt").ToFrozenDictionary(row => ClipTextTables.CodePoint(row[0]), row => ClipTextTables.Text(row.Skip(1))));

    /// <summary>ftfy's LIGATURES: Latin typographic ligatures and legacy digraphs (æ and œ are kept).</summary>
    private static readonly FrozenDictionary<int, string> Ligatures = new Dictionary<int, string>
    {
        ['Ĳ'] = "IJ", ['ĳ'] = "ij", ['ŉ'] = "\u02BCn", ['Ǳ'] = "DZ", ['ǲ'] = "Dz", ['ǳ'] = "dz", ['Ǆ'] = "DŽ", ['ǅ'] = "Dž",
        ['ǆ'] = "dž", ['Ǉ'] = "LJ", ['ǈ'] = "Lj", ['ǉ'] = "lj", ['Ǌ'] = "NJ", ['ǋ'] = "Nj", ['ǌ'] = "nj", ['ﬀ'] = "ff",
        ['ﬁ'] = "fi", ['ﬂ'] = "fl", ['ﬃ'] = "ffi", ['ﬄ'] = "ffl", ['ﬅ'] = "ſt", ['ﬆ'] = "st",
    }.ToFrozenDictionary();

    /// <summary>C1 controls (U+0080..U+009F) become their Windows-1252 characters, as web browsers read them.</summary>
    public static string FixC1Controls(string text) => Translate(text, rune =>
        SloppyWindows1252.IsC1Control(rune.Value) ? SloppyWindows1252.Decode(rune.Value).ToString() : null);

    public static string FixLatinLigatures(string text) => Translate(text, rune => Ligatures.GetValueOrDefault(rune.Value));

    /// <summary>Full-width ASCII and half-width katakana / Hangul to their usual forms; the ideographic space to a space.</summary>
    public static string FixCharacterWidth(string text) => Translate(text, rune => WidthMap.Value.GetValueOrDefault(rune.Value));

    /// <summary>U+02BC and U+2018..U+201B become ', U+201C..U+201F become ".</summary>
    public static string UncurlQuotes(string text) => Translate(text, rune => rune.Value switch
    {
        0x02BC or >= 0x2018 and <= 0x201B => "'",
        >= 0x201C and <= 0x201F => "\"",
        _ => null,
    });

    /// <summary>CRLF, CR, U+2028, U+2029 and U+0085 become LF.</summary>
    public static string FixLineBreaks(string text) => text
        .Replace("\r\n", "\n", StringComparison.Ordinal)
        .Replace('\r', '\n')
        .Replace('\u2028', '\n')
        .Replace('\u2029', '\n')
        .Replace('\u0085', '\n');

    /// <summary>Unpaired surrogates become U+FFFD (paired ones already are one character in a .NET string).</summary>
    public static string FixSurrogates(string text) =>
        text.Any(char.IsSurrogate) ? string.Concat(text.EnumerateRunes().Select(rune => rune.ToString())) : text;

    /// <summary>ANSI escape sequences <c>ESC [ (digits|;)* letter</c>; "digits" are any Unicode decimal digits, as in Python.</summary>
    public static string RemoveTerminalEscapes(string text) =>
        text.Contains('\u001B', StringComparison.Ordinal) ? TerminalEscape().Replace(text, RemoveIfDigits) : text;

    /// <summary>
    /// Controls nobody means to type: C0 controls other than tab, LF, FF, CR; DEL; the deprecated Arabic format controls
    /// U+206A..U+206F; the byte order mark; the interlinear annotation and object replacement characters U+FFF9..U+FFFC.
    /// </summary>
    public static string RemoveControlChars(string text) => Translate(text, rune => rune.Value is
        >= 0x00 and <= 0x08 or 0x0B or >= 0x0E and <= 0x1F or 0x7F or >= 0x206A and <= 0x206F or 0xFEFF or >= 0xFFF9 and <= 0xFFFC
        ? string.Empty
        : null);

    /// <summary>Python's str.translate: each character whose mapping is not null is replaced by it.</summary>
    private static string Translate(string text, Func<Rune, string?> mapping)
    {
        StringBuilder? builder = null;
        var position = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (mapping(rune) is { } replacement)
            {
                builder ??= new StringBuilder(text.Length).Append(text, 0, position);
                builder.Append(replacement);
            }
            else
            {
                builder?.Append(rune.ToString());
            }

            position += rune.Utf16SequenceLength;
        }

        return builder?.ToString() ?? text;
    }

    /// <summary>
    /// .NET's \d stops at the BMP: the pattern also lets surrogate pairs through, and a match whose pair is not a decimal
    /// digit is no escape sequence (Python would fail at that ESC, and no other ESC lies inside the match).
    /// </summary>
    private static string RemoveIfDigits(Match match) =>
        match.Value.EnumerateRunes().All(rune => rune.IsBmp || Rune.GetUnicodeCategory(rune) == UnicodeCategory.DecimalDigitNumber)
            ? string.Empty
            : match.Value;

    [GeneratedRegex(@"\u001B\[(?:\d|;|[\uD800-\uDBFF][\uDC00-\uDFFF])*[a-zA-Z]")]
    private static partial Regex TerminalEscape();
}
