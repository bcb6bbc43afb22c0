using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// CLIP's text clean-up before BPE, step for step as simple_tokenizer.py does it:
/// <c>whitespace_clean(basic_clean(text)).lower()</c>. <see cref="BasicClean"/> is <c>ftfy.fix_text</c> (see
/// <see cref="Ftfy"/>: everything but mojibake repair), <c>html.unescape</c> twice, <c>strip()</c>.
/// </summary>
public sealed partial class ClipTextNormalizer : Normalizer
{
    public static ClipTextNormalizer Instance { get; } = new();

    public override string Normalize(string original) => Clean(original);

    public override string Normalize(ReadOnlySpan<char> original) => Clean(original.ToString());

    /// <summary>simple_tokenizer.py's <c>whitespace_clean(basic_clean(text)).lower()</c>.</summary>
    public static string Clean(string text) => PythonStr.Lower(WhitespaceClean(BasicClean(text)));

    /// <summary>simple_tokenizer.py's <c>basic_clean</c>: ftfy.fix_text, html.unescape twice, strip.</summary>
    public static string BasicClean(string text) => PythonStr.Strip(PythonHtml.Unescape(PythonHtml.Unescape(Ftfy.FixText(text))));

    /// <summary>simple_tokenizer.py's <c>whitespace_clean</c>: each run of whitespace (\s, the regex module's) to one space, strip.</summary>
    public static string WhitespaceClean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PythonStr.Strip(Whitespace().Replace(text, " "));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
