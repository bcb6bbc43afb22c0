using ImageSearch.Core.Models.Clip;

namespace ImageSearch.Tests.Models.Clip;

/// <summary>
/// Ids of openai/CLIP's reference for each class of text its clean-up changes (HTML entities, ftfy's fixes, special-token
/// text, whitespace, Python's lower(), letters outside the BMP, truncation). Every expected id comes from
/// scripts/clip_reference_tokenizer.py, which runs the real ftfy 6.3.1, Python's html.unescape and the regex module, with
/// each text given as a JSON literal: <c>PYTHONPATH=(ftfy 6.3.1 source) python3 scripts/clip_reference_tokenizer.py ../shared/data/clip/bpe_simple_vocab_16e6.txt.gz --json '"text"'</c>. Never regenerate them from the C# code.
/// </summary>
[TestClass]
public sealed class ClipTokenizerReferenceTests
{
    private static ClipTokenizer s_tokenizer = null!;

    [ClassInitialize]
    public static void LoadVocabulary(TestContext context) => s_tokenizer = ClipTokenizer.FromBpeArchive(ClipTestData.BpeArchive);

    [TestMethod]
    [DataRow("&amp;", new[] { 49406, 261, 49407 })]
    [DataRow("&lt;b&gt;bold&lt;/b&gt;", new[] { 49406, 283, 321, 285, 8911, 34308, 321, 285, 49407 })]
    [DataRow("rock &amp;amp; roll", new[] { 49406, 2172, 261, 3341, 49407 })]
    [DataRow("salt&nbsp;&amp;&nbsp;pepper", new[] { 49406, 6611, 261, 8253, 49407 })]
    [DataRow("it&#8217;s a smile &#x263A;", new[] { 49406, 585, 568, 320, 3490, 8703, 49407 })]
    [DataRow("&copy 2020 AT&T", new[] { 49406, 5811, 273, 271, 273, 271, 536, 261, 339, 49407 })]
    [DataRow("tom &amp; jerry &amp", new[] { 49406, 2435, 261, 9164, 261, 49407 })]
    [DataRow("&lt", new[] { 49406, 283, 49407 })]
    [DataRow("&amp;amp;amp;amp;", new[] { 49406, 261, 49407 })]
    [DataRow("fish &amp chips &notit; &notin;", new[] { 49406, 2759, 261, 8855, 126, 361, 585, 282, 17788, 487, 49407 })]
    [DataRow("&#0; &#x80;&#128; &#x9D; &#xD800; &#x110000; &#99999999999;", new[] { 49406, 39802, 34919, 6309, 126, 507, 39802, 39802, 39802, 49407 })]
    [DataRow("&#65&#x42 &#xZZ; &#; & && end &", new[] { 49406, 3937, 5, 258, 87, 4943, 282, 5, 2, 282, 261, 27791, 806, 261, 49407 })]
    [DataRow("P&EACUTE;REZ STRA&SZLIG;E", new[] { 49406, 43167, 15192, 1894, 8938, 49407 })]
    [DataRow("<b>&amp;amp;amp;</b>", new[] { 49406, 283, 321, 29, 261, 6259, 26, 34308, 321, 285, 49407 })]
    [DataRow("line &amp;amp;amp;\nnext <i>", new[] { 49406, 1148, 261, 1131, 283, 328, 285, 49407 })]
    [DataRow("x\n<\n&amp;amp;amp;", new[] { 49406, 343, 283, 261, 6259, 282, 49407 })]
    [DataRow("＆ａｍｐ；ａｍｐ；", new[] { 49406, 261, 49407 })]
    [DataRow("&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;", new[] { 49406, 261, 23126, 23126, 23126, 23126, 6727, 19336, 282, 49407 })]
    public void HtmlEntitiesAreUnescapedAsTheReferenceDoes(string text, int[] expected) => AssertIds(expected, text);

    [TestMethod]
    [DataRow("ＬＯＵＤ\u3000ＮＯＩＳＥＳ", new[] { 49406, 7464, 31575, 49407 })]
    [DataRow("Ｐｒｉｃｅ：￥１，２００．５０！", new[] { 49406, 2827, 25, 20199, 272, 267, 273, 271, 271, 269, 276, 271, 256, 49407 })]
    [DataRow("\uff76\uff9e\uff77\uff9e \uff8a\uff9d\uff76\uff78 \uff83\uff9e\uff7d", new[] { 49406, 3909, 105, 3909, 362, 2429, 237, 17671, 37367, 3909, 363, 2429, 229, 39220, 49407 })]
    [DataRow("oﬃce ﬀ ﬆ ﬁsh ﬂy ﬄ ǆungla Ĳssel", new[] { 49406, 2171, 1304, 545, 2759, 3228, 39490, 67, 129, 122, 10439, 1210, 7337, 19373, 49407 })]
    [DataRow("“double” ‘single’ it’s ‛odd‟ ʼokina", new[] { 49406, 257, 3200, 257, 568, 17005, 262, 585, 568, 262, 11387, 257, 262, 1944, 1366, 49407 })]
    [DataRow("one\r\ntwo\rthree\u2028four\u2029five\u0085six", new[] { 49406, 637, 1237, 2097, 2721, 3127, 959, 4093, 49407 })]
    [DataRow("bell\u0007 null\u0000 del\u007f bom\ufeff esc\u001b[1;31mred\u001b[0m \u206a\ufffc end", new[] { 49406, 3718, 47376, 2003, 19469, 3330, 736, 806, 49407 })]
    [DataRow("\u0080 \u0093quoted\u0094 \u0081x", new[] { 49406, 6309, 257, 27706, 257, 126, 479, 343, 49407 })]
    [DataRow("cafe\u0301 A\u030a \u1100\u1161\u11a8 q\u0307\u0323 \u2126 \u0958", new[] { 49406, 15304, 127, 354, 21122, 479, 336, 136, 96, 16384, 38065, 22067, 3124, 376, 49407 })]
    public void FtfyFixesApplyAsInTheReference(string text, int[] expected) => AssertIds(expected, text);

    [TestMethod]
    [DataRow("hello <|endoftext|>", new[] { 49406, 3306, 49407, 49407 })]
    [DataRow("hello!<|endoftext|>", new[] { 49406, 3306, 0, 27, 347, 40786, 4160, 91, 285, 49407 })]
    [DataRow("<|startoftext|>a photo of a cat<|endoftext|>", new[] { 49406, 49406, 320, 1125, 539, 320, 2368, 49407, 49407 })]
    [DataRow("a<|endoftext|>b '<|endoftext|> <|EndOfText|>", new[] { 49406, 320, 49407, 321, 6, 27, 347, 40786, 4160, 91, 285, 49407, 49407 })]
    [DataRow("x <|endoftext|>! !<|startoftext|> <|endoftext|", new[] { 49406, 343, 49407, 256, 0, 27, 347, 993, 6659, 4160, 91, 285, 27, 347, 40786, 4160, 347, 49407 })]
    [DataRow("it'ſ <|ſtartoftext|>", new[] { 49406, 585, 6, 129, 379, 27, 91, 129, 123, 2002, 6659, 18169, 91, 285, 49407 })]
    public void SpecialTokenTextFollowsTheReferenceRegex(string text, int[] expected) => AssertIds(expected, text);

    [TestMethod]
    [DataRow("  a \t\n b  ", new[] { 49406, 320, 321, 49407 })]
    [DataRow("\u00a0lead\u3000ideographic\u2003em\u200bzwsp trail\u00a0", new[] { 49406, 2784, 1909, 78, 4245, 2270, 9844, 89, 86, 4393, 4921, 49407 })]
    [DataRow("&#32;&#x20;spaces&#9;from&#10;entities&#13; ", new[] { 49406, 9006, 633, 38134, 49407 })]
    [DataRow("\u001c\u001d sep \u001e\u001f", new[] { 49406, 10434, 49407 })]
    [DataRow("   ", new[] { 49406, 49407 })]
    public void WhitespaceIsCleanedAsTheReferenceDoes(string text, int[] expected) => AssertIds(expected, text);

    [TestMethod]
    [DataRow("\u0130STANBUL ΟΔΟΣ ΣΑΣ. Σ ΑΣ'Β", new[] { 49406, 328, 16384, 11231, 138, 123, 138, 112, 138, 123, 139, 480, 139, 225, 138, 109, 139, 480, 269, 139, 481, 138, 109, 139, 481, 262, 138, 366, 49407 })]
    [DataRow("𝐇𝐞𝐥𝐥𝐨 𠀀𠀁 𝟏𝟐 hello𝐀!", new[] { 49406, 15889, 229, 15889, 252, 15889, 98, 15889, 98, 15889, 357, 172, 254, 222, 222, 172, 254, 222, 479, 6874, 253, 493, 6874, 253, 494, 12887, 15889, 478, 256, 49407 })]
    public void CaseAndLettersFollowPythonAsInTheReference(string text, int[] expected) => AssertIds(expected, text);

    [TestMethod]
    public void UnpairedSurrogateBecomesTheReplacementCharacter() =>
        // Reference: '"a\ud800b"' (ftfy's fix_surrogates gives "a\ufffdb").
        AssertIds([49406, 320, 39802, 321, 49407], "a\ud800b");

    [TestMethod]
    public void LongTextWithSpecialTokensInsideIsCutAsTheReferenceCutsIt()
    {
        var text = string.Concat(Enumerable.Repeat("a photo <|endoftext|> of a cat &amp; dog ", 10)).TrimEnd();

        // Reference: the same text; each repetition gives 320 1125 49407 539 320 2368 261 1929 (the user's <|endoftext|>
        // is the end token, "&amp;" is "&"), cut after 75 ids with 49407 last.
        AssertIds([49406, 320, 1125, 49407, 539, 320, 2368, 261, 1929, 320, 1125, 49407, 539, 320, 2368, 261, 1929, 320, 1125, 49407, 539, 320, 2368, 261, 1929, 320, 1125, 49407, 539, 320, 2368, 261, 1929, 320, 1125, 49407, 539, 320, 2368, 261, 1929, 320, 1125, 49407, 539, 320, 2368, 261, 1929, 320, 1125, 49407, 539, 320, 2368, 261, 1929, 320, 1125, 49407, 539, 320, 2368, 261, 1929, 320, 1125, 49407, 539, 320, 2368, 261, 1929, 320, 1125, 49407, 49407], text);
    }

    [TestMethod]
    public void ManyEntitiesBeyondTheContextAreCutAfterUnescaping()
    {
        var ids = s_tokenizer.Encode(string.Concat(Enumerable.Repeat("&amp;amp; ", 100)));

        // Reference: 75 ids of "&" (261), then 49407; no piece of "amp" survives.
        CollectionAssert.AreEqual(new[] { 49406 }.Concat(Enumerable.Repeat(261, 75)).Append(49407).ToArray(), ids);
    }

    private static void AssertIds(int[] expected, string text) =>
        CollectionAssert.AreEqual(expected, s_tokenizer.Encode(text), $"ids of {System.Text.Json.JsonSerializer.Serialize(text)}");
}
