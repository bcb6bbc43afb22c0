using System.Collections.Frozen;
using System.Text;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// The str methods CLIP's simple_tokenizer.py calls, where .NET's nearest method differs: <c>lower()</c> (full case mapping
/// with the final sigma) and <c>strip()</c> (Python's whitespace, which includes U+001C..U+001F).
/// </summary>
public static class PythonStr
{
    private const int CapitalSigma = 0x03A3;

    private static readonly Lazy<(FrozenSet<int> Cased, FrozenSet<int> CaseIgnorable)> CaseContext = new(LoadCaseContext);

    /// <summary>
    /// Python's str.lower(). As .NET's invariant lower case, except: 'İ' becomes "i̇" (its full mapping; .NET's invariant
    /// mode leaves it alone), and 'Σ' becomes 'ς' at the end of a word (Unicode's Final_Sigma condition, as CPython tests it).
    /// Letters that a newer Unicode version than the tables' gave a lower case may still differ. Unpaired surrogates (which
    /// ftfy's fix_surrogates has already replaced in CLIP's clean-up) become U+FFFD.
    /// </summary>
    public static string Lower(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var runes = text.EnumerateRunes().ToArray();
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < runes.Length; i++)
        {
            builder.Append(runes[i].Value switch
            {
                0x0130 => "i\u0307",
                CapitalSigma => IsFinalSigma(runes, i) ? "ς" : "σ",
                _ => Rune.ToLowerInvariant(runes[i]).ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>Python's str.strip() without arguments: removes <see cref="IsSpace"/> characters at both ends.</summary>
    public static string Strip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = 0;
        var end = text.Length;
        while (start < end && IsSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }

        return start == 0 && end == text.Length ? text : text[start..end];
    }

    /// <summary>Python's str.isspace() of one character: Unicode White_Space plus the separators U+001C..U+001F.</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\u001C' and <= '\u001F';

    /// <summary>
    /// CPython's handle_capital_sigma: a cased letter before it (skipping case-ignorable characters) and no cased letter
    /// after it (likewise).
    /// </summary>
    private static bool IsFinalSigma(Rune[] runes, int index)
    {
        var (cased, ignorable) = CaseContext.Value;
        var before = index - 1;
        while (before >= 0 && ignorable.Contains(runes[before].Value))
        {
            before--;
        }

        if (before < 0 || !cased.Contains(runes[before].Value))
        {
            return false;
        }

        var after = index + 1;
        while (after < runes.Length && ignorable.Contains(runes[after].Value))
        {
            after++;
        }

        return after == runes.Length || !cased.Contains(runes[after].Value);
    }

    private static (FrozenSet<int>, FrozenSet<int>) LoadCaseContext()
    {
        var cased = new HashSet<int>();
        var ignorable = new HashSet<int>();
        foreach (var row in ClipTextTables.Rows("unicode-case-context.txt"))
        {
            var (first, last) = ClipTextTables.Range(row[1]);
            (row[0] == "C" ? cased : ignorable).UnionWith(Enumerable.Range(first, last - first + 1));
        }

        return (cased.ToFrozenSet(), ignorable.ToFrozenSet());
    }
}
