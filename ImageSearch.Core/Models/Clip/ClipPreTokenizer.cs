using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// CLIP's pre-tokenisation, <c>re.findall</c> of
/// <c>&lt;\|startoftext\|&gt;|&lt;\|endoftext\|&gt;|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+</c> (IGNORECASE,
/// Python's <c>regex</c> module), written out over code points: a .NET Regex sees a letter outside the BMP as two
/// surrogates, which are no \p{L}. At each position the first alternative that matches wins, so special-token text is a
/// piece of its own only where the scan reaches its '&lt;' (<c>hello &lt;|endoftext|&gt;</c>), not inside a run of
/// punctuation (<c>hello!&lt;|endoftext|&gt;</c> gives "!&lt;|", "endoftext", "|&gt;"); there is no separate special-token pass.
/// </summary>
public sealed class ClipPreTokenizer : PreTokenizer
{
    private static readonly string[] Literals =
        [ClipVocabulary.StartToken, ClipVocabulary.EndToken, "'s", "'t", "'re", "'ve", "'m", "'ll", "'d"];

    public static ClipPreTokenizer Instance { get; } = new();

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var position = 0;
        while (position < text.Length)
        {
            var length = MatchAt(text, position);
            if (length > 0)
            {
                yield return (position, length);
                position += length;
            }
            else
            {
                position += RuneAt(text, position).Utf16SequenceLength;
            }
        }
    }

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => PreTokenize(text.ToString());

    /// <summary>The length of the match at <paramref name="position"/>, 0 where none starts (whitespace).</summary>
    private static int MatchAt(string text, int position)
    {
        foreach (var literal in Literals)
        {
            if (StartsWithIgnoringCase(text, position, literal))
            {
                return literal.Length;
            }
        }

        var kind = KindAt(text, position);
        return kind switch
        {
            Kind.Space => 0,
            Kind.Number => RuneAt(text, position).Utf16SequenceLength,
            _ => RunLength(text, position, kind),
        };
    }

    private static int RunLength(string text, int position, Kind kind)
    {
        var end = position;
        while (end < text.Length && KindAt(text, end) == kind)
        {
            end += RuneAt(text, end).Utf16SequenceLength;
        }

        return end - position;
    }

    /// <summary>
    /// IGNORECASE on these ASCII literals, in text already lower-cased: a character matches its letter, its upper case, or
    /// (simple case folding, as the regex module does) 'ſ' for 's'.
    /// </summary>
    private static bool StartsWithIgnoringCase(string text, int position, string literal)
    {
        if (text.Length - position < literal.Length)
        {
            return false;
        }

        for (var i = 0; i < literal.Length; i++)
        {
            var c = text[position + i];
            if (c != literal[i] && char.ToLowerInvariant(c) != literal[i] && !(c == 'ſ' && literal[i] == 's'))
            {
                return false;
            }
        }

        return true;
    }

    private static Kind KindAt(string text, int position)
    {
        var rune = RuneAt(text, position);
        if (Rune.IsWhiteSpace(rune))
        {
            return Kind.Space;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => Kind.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => Kind.Number,
            _ => Kind.Other,
        };
    }

    /// <summary>The character at a position; an unpaired surrogate (CLIP's clean-up leaves none) as one U+FFFD.</summary>
    private static Rune RuneAt(string text, int position) =>
        Rune.TryGetRuneAt(text, position, out var rune) ? rune : Rune.ReplacementChar;

    private enum Kind
    {
        Space,
        Letter,
        Number,
        Other,
    }
}
