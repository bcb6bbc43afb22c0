using ImageSearch.Core.Models.Embedded;

namespace ImageSearch.Tests.Models.Embedded;

[TestClass]
public sealed class BertAccentStrippingTests
{
    [TestMethod]
    [DataRow("Crème Brûlée à São Paulo", "Creme Brulee a Sao Paulo")]
    [DataRow("Zürich naïve Ångström", "Zurich naive Angstrom")]
    [DataRow("Ελληνικά", "Ελληνικα")]
    [DataRow("Ёлка й", "Елка и")]
    [DataRow("Tiếng Việt", "Tieng Viet")]
    public void AccentsAreRemovedAndBaseLettersKept(string text, string expected)
    {
        Assert.AreEqual(expected, BertAccentStripping.Strip(text));
    }

    [TestMethod]
    [DataRow("A koala.")]
    [DataRow("東京の地下鉄")]
    [DataRow("ß æ ø ł")] // no canonical decomposition: BERT keeps them too
    public void TextWithoutDecomposableCharactersIsUnchanged(string text)
    {
        Assert.AreEqual(text, BertAccentStripping.Strip(text));
    }
}
