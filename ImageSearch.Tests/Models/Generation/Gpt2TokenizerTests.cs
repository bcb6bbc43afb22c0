using ImageSearch.Core.Models.Generation;

namespace ImageSearch.Tests.Models.Generation;

[TestClass]
public sealed class Gpt2TokenizerTests
{
    [TestMethod]
    public void PhotoOfACatRoundTripsThroughGpt2Ids()
    {
        var ids = Gpt2Tokenizer.Encode("a photo of a cat");

        CollectionAssert.AreEqual(new[] { 64, 4590, 286, 257, 3797 }, ids.ToArray());
        Assert.AreEqual("a photo of a cat", Gpt2Tokenizer.Decode(ids));
    }

    [TestMethod]
    [DataRow(" dog", 3290)]
    [DataRow("\n", 198)]
    [DataRow("\n\n", 628)]
    public void TokensTheServiceReliesOnHaveTheirGpt2Ids(string text, int id)
    {
        CollectionAssert.AreEqual(new[] { id }, Gpt2Tokenizer.Encode(text).ToArray());
    }

    [TestMethod]
    public void DecodeDropsEndOfText()
    {
        Assert.AreEqual("a cat", Gpt2Tokenizer.Decode([Gpt2Tokenizer.EndOfText, 64, 3797, Gpt2Tokenizer.EndOfText]));
    }

    [TestMethod]
    [DataRow("Café au lait, 10 € — naïve façade")]
    [DataRow("  two  spaces and\ttabs\n")]
    [DataRow("emoji 🐈 and 日本語")]
    public void ByteLevelBpeRoundTripsAnyText(string text)
    {
        Assert.AreEqual(text, Gpt2Tokenizer.Decode(Gpt2Tokenizer.Encode(text)));
    }
}
