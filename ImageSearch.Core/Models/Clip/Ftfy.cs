using System.Text;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// ftfy 6.3's <c>fix_text</c> with its default configuration, the first step of CLIP's <c>basic_clean</c>, except mojibake
/// repair: <c>fix_encoding</c> (with <c>restore_byte_a0</c>, <c>replace_lossy_sequences</c>, <c>decode_inconsistent_utf8</c>)
/// guesses from heuristics and tables of byte patterns whether text was decoded in the wrong encoding; it is left out, so
/// text such as "cafÃ©" keeps its mojibake here while the reference would repair it to "café". Everything else is kept:
/// text is fixed in segments (lines, at most 1,000,000 code points each); each segment is fixed repeatedly until a pass
/// changes nothing; HTML entities are decoded ("auto") until a segment that holds '&lt;' turns that off for the rest.
/// </summary>
public static class Ftfy
{
    /// <summary>ftfy's <c>max_decode_length</c>, in code points.</summary>
    public const int MaxSegmentLength = 1_000_000;

    public static string FixText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new StringBuilder(text.Length);
        var unescapeHtml = true;
        var position = 0;
        while (position < text.Length)
        {
            var end = SegmentEnd(text, position);
            var segment = text[position..end];
            unescapeHtml &= !segment.Contains('<', StringComparison.Ordinal);
            output.Append(FixSegment(segment, unescapeHtml));
            position = end;
        }

        return output.ToString();
    }

    /// <summary>ftfy's <c>fix_and_explain</c> without <c>fix_encoding</c>: the fixes in ftfy's order, then NFC, until nothing changes.</summary>
    public static string FixSegment(string text, bool unescapeHtml)
    {
        ArgumentNullException.ThrowIfNull(text);
        while (true)
        {
            var original = text;
            if (unescapeHtml)
            {
                text = FtfyHtml.UnescapeHtml(text);
            }

            text = FtfyFixes.FixC1Controls(text);
            text = FtfyFixes.FixLatinLigatures(text);
            text = FtfyFixes.FixCharacterWidth(text);
            text = FtfyFixes.UncurlQuotes(text);
            text = FtfyFixes.FixLineBreaks(text);
            text = FtfyFixes.FixSurrogates(text);
            text = FtfyFixes.RemoveTerminalEscapes(text);
            text = FtfyFixes.RemoveControlChars(text);
            text = UnicodeNfc.Normalize(text);
            if (text == original)
            {
                return text;
            }
        }
    }

    /// <summary>Just after the next '\n', or after <see cref="MaxSegmentLength"/> code points if that comes first.</summary>
    private static int SegmentEnd(string text, int start)
    {
        var newline = text.IndexOf('\n', start);
        var end = newline < 0 ? text.Length : newline + 1;
        if (end - start <= MaxSegmentLength)
        {
            return end;
        }

        var position = start;
        for (var codePoints = 0; codePoints < MaxSegmentLength; codePoints++)
        {
            position += char.IsHighSurrogate(text[position]) && position + 1 < end && char.IsLowSurrogate(text[position + 1]) ? 2 : 1;
        }

        return position;
    }
}
