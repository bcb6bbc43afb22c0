using ImageSearch.Core.Models.Clip;

namespace ImageSearch.Tests.Models.Clip;

/// <summary>
/// The steps of CLIP's clean-up one by one against Python: html.unescape, ftfy.fix_text (default configuration),
/// unicodedata.normalize("NFC"), str.lower. Expected strings come from scripts/clip_reference_tokenizer.py (real ftfy 6.3.1):
/// <c>PYTHONPATH=(ftfy 6.3.1 source) python3 scripts/clip_reference_tokenizer.py ../shared/data/clip/bpe_simple_vocab_16e6.txt.gz --json --step (unescape, fix_text, nfc or lower) '"text"'</c>. Never regenerate them from the C# code.
/// </summary>
[TestClass]
public sealed class ClipTextCleanupTests
{
    [TestMethod]
    [DataRow("&amp;amp;", "&amp;")]
    [DataRow("&copy 2020", "© 2020")]
    [DataRow("AT&T", "AT&T")]
    [DataRow("&copy2020", "©2020")]
    [DataRow("&notit;", "¬it;")]
    [DataRow("&#0;", "\ufffd")]
    [DataRow("&#x80;", "€")]
    [DataRow("&#128;", "€")]
    [DataRow("&#x81;", "\u0081")]
    [DataRow("&#xD800;", "\ufffd")]
    [DataRow("&#x110000;", "\ufffd")]
    [DataRow("&#99999999999;", "\ufffd")]
    [DataRow("&#0000065;", "A")]
    [DataRow("&#65", "A")]
    [DataRow("&#xZZ;", "&#xZZ;")]
    [DataRow("&#x7F;", "")]
    [DataRow("&#xFFFE;", "")]
    [DataRow("&#13;", "\r")]
    [DataRow("&#x1F431;", "🐱")]
    [DataRow("&lt", "<")]
    [DataRow("end &", "end &")]
    [DataRow("&Eacute", "\u00c9")]
    [DataRow("&eacutex", "\u00e9x")]
    [DataRow("&EACUTE;", "&EACUTE;")]
    public void UnescapeMatchesPythonHtmlUnescape(string text, string expected) => Assert.AreEqual(expected, PythonHtml.Unescape(text));

    [TestMethod]
    public void WebUtilityHtmlDecodeIsNotPythonsUnescape()
    {
        // Why PythonHtml exists: .NET's decoder keeps semicolon-less references and does not remap C1 numbers.
        Assert.AreNotEqual(PythonHtml.Unescape("&copy 2020 &#x80;"), System.Net.WebUtility.HtmlDecode("&copy 2020 &#x80;"));
        Assert.AreEqual("\u00a9 2020 \u20ac", PythonHtml.Unescape("&copy 2020 &#x80;"));
    }

    [TestMethod]
    [DataRow("&amp;amp;amp;", "&")]
    [DataRow("<p>&amp;amp;</p>", "<p>&amp;amp;</p>")]
    [DataRow("ＬＯＵＤ\u3000!", "LOUD !")]
    [DataRow("\uff76\uff9e", "\u30ac")]
    [DataRow("ﬃ", "ffi")]
    [DataRow("“hi’", "\"hi'")]
    [DataRow("a\r\nb\u2028c\u0085d", "a\nb\nc…d")]
    [DataRow("\u0093q\u0094", "\"q\"")]
    [DataRow("\u001b[31mred\u001b[0m", "red")]
    [DataRow("a\u0000\u0007\u007f\ufeffb", "ab")]
    [DataRow("e\u0301", "\u00e9")]
    [DataRow("&EACUTE;", "\u00c9")]
    [DataRow("P&EACUTE;REZ", "P\u00c9REZ")]
    [DataRow("＆ａｍｐ；", "&")]
    public void FixTextMatchesFtfy(string text, string expected) => Assert.AreEqual(expected, Ftfy.FixText(text));

    [TestMethod]
    [DataRow("caf\u00c3\u00a9")]
    [DataRow("s\u00c3\u00b3")]
    public void MojibakeIsLeftAsItIs(string text) =>
        // ftfy.fix_text repairs these ("caf\u00e9", "s\u00f3"); ftfy.fix_text(text, fix_encoding=False) keeps them as they
        // are, and so does Ftfy.FixText: mojibake repair is left out on purpose (see Ftfy.cs).
        Assert.AreEqual(text, Ftfy.FixText(text));

    [TestMethod]
    [DataRow("e\u0301", "\u00e9")]
    [DataRow("A\u030a", "\u00c5")]
    [DataRow("\u212b", "\u00c5")]
    [DataRow("\u2126", "Ω")]
    [DataRow("\u0958", "क\u093c")]
    [DataRow("\u0344", "\u0308\u0301")]
    [DataRow("q\u0307\u0323", "q\u0323\u0307")]
    [DataRow("s\u0323\u0307", "\u1e69")]
    [DataRow("\u1100\u1161\u11a8", "\uac01")]
    [DataRow("\uac00\u11a8", "\uac01")]
    [DataRow("a\u0328\u0301", "\u0105\u0301")]
    [DataRow("o\u0308\u0304", "\u022b")]
    [DataRow("ୋ", "\u0b4b")]
    [DataRow("\u00e9\u0301", "\u00e9\u0301")]
    [DataRow("\u0301e", "\u0301e")]
    public void NfcMatchesPythonUnicodedata(string text, string expected) => Assert.AreEqual(expected, UnicodeNfc.Normalize(text));

    [TestMethod]
    [DataRow("\u0130", "i\u0307")]
    [DataRow("ΟΔΟΣ", "οδος")]
    [DataRow("Σ", "σ")]
    [DataRow("ΑΣ'", "ας'")]
    [DataRow("ΑΣ'Β", "ασ'β")]
    [DataRow("Α\u0301Σ", "α\u0301ς")]
    [DataRow("ẞ", "ß")]
    [DataRow("\u212a", "k")]
    public void LowerMatchesPythonStrLower(string text, string expected) => Assert.AreEqual(expected, PythonStr.Lower(text));

    [TestMethod]
    public void StripRemovesPythonsWhitespaceOnly()
    {
        // python3 -c 'print(repr("\x1c\u3000 a\u200b \x1f".strip()))' -> 'a\u200b' (U+200B is no whitespace).
        Assert.AreEqual("a\u200b", PythonStr.Strip("\u001c\u3000 a\u200b \u001f"));
    }

    [TestMethod]
    public void CleanComposesTheReferenceSteps()
    {
        // Reference (--step clean): '"  Ｃａｆｅ\u0301 &amp;amp; \u201cﬁsh\u201d\r\n<|ENDOFTEXT|>  "'.
        Assert.AreEqual("caf\u00e9 & \"fish\" <|endoftext|>", ClipTextNormalizer.Clean("  Ｃａｆｅ\u0301 &amp;amp; \u201cﬁsh\u201d\r\n<|ENDOFTEXT|>  "));
    }
}
