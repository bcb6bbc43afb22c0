using ImageSearch.Core.Models.Clip;

namespace ImageSearch.Tests.Models.Clip;

/// <summary>
/// Expected ids come from scripts/clip_reference_tokenizer.py, an independent Python restatement of openai/CLIP's
/// simple_tokenizer.py (regex module for \p{L}/\p{N}), run once on ../shared/data/clip/bpe_simple_vocab_16e6.txt.gz:
/// <c>python3 scripts/clip_reference_tokenizer.py ../shared/data/clip/bpe_simple_vocab_16e6.txt.gz "text" ...</c>.
/// The first two are also the project's documented ids (NOTES.md). Never regenerate them from the C# code.
/// </summary>
[TestClass]
public sealed class ClipTokenizerTests
{
    private static ClipTokenizer s_tokenizer = null!;

    [ClassInitialize]
    public static void LoadVocabulary(TestContext context) => s_tokenizer = ClipTokenizer.FromBpeArchive(ClipTestData.BpeArchive);

    [TestMethod]
    [DataRow("a photo of a cat", new[] { 49406, 320, 1125, 539, 320, 2368, 49407 })]
    [DataRow("a diagram", new[] { 49406, 320, 22697, 49407 })]
    [DataRow("Hello, World!!", new[] { 49406, 3306, 267, 1002, 748, 49407 })]
    [DataRow("it's a dog's life", new[] { 49406, 585, 568, 320, 1929, 568, 970, 49407 })]
    [DataRow("in 2024", new[] { 49406, 530, 273, 271, 273, 275, 49407 })]
    [DataRow("café au lait", new[] { 49406, 15304, 2566, 572, 585, 49407 })]
    [DataRow("naïve résumé — 東京 🐱", new[] { 49406, 1097, 35689, 563, 29106, 7054, 4166, 2005, 48338, 21078, 361, 22979, 49407 })]
    [DataRow("e-mail me@example.com", new[] { 49406, 324, 268, 2614, 614, 287, 6228, 269, 2464, 49407 })]
    [DataRow("photosynthesis", new[] { 49406, 1153, 21602, 49407 })]
    [DataRow("", new[] { 49406, 49407 })]
    public void EncodeMatchesReferenceTokenizer(string text, int[] expected) =>
        CollectionAssert.AreEqual(expected, s_tokenizer.Encode(text), $"ids of \"{text}\"");

    [TestMethod]
    public void WhitespaceAndCaseAreNormalisedAway() =>
        CollectionAssert.AreEqual(s_tokenizer.Encode("a photo of a cat"), s_tokenizer.Encode("  A   Photo\tof\n a   CAT  "));

    [TestMethod]
    public void LongTextIsCutTo77IdsKeepingTheEndToken()
    {
        var ids = s_tokenizer.Encode(string.Concat(Enumerable.Repeat("a photo of a cat ", 20)));

        Assert.HasCount(ClipTokenizer.ContextLength, ids);
        Assert.AreEqual(ClipTokenizer.StartTokenId, ids[0]);
        Assert.AreEqual(ClipTokenizer.EndTokenId, ids[^1]);
        // Reference: 15 repetitions of "a photo of a cat" (5 ids each) fill the 75 slots exactly.
        CollectionAssert.AreEqual(Enumerable.Repeat(new[] { 320, 1125, 539, 320, 2368 }, 15).SelectMany(x => x).ToArray(), ids[1..^1]);
    }

    [TestMethod]
    public void TruncationCutsInsideAWordAsClipDoes()
    {
        // Reference: "a " x 74 + "photosynthesis" keeps 74 x 320, then only the first piece of the word (1153), then 49407.
        var ids = s_tokenizer.Encode(string.Concat(Enumerable.Repeat("a ", 74)) + "photosynthesis");

        Assert.HasCount(ClipTokenizer.ContextLength, ids);
        Assert.AreEqual(1153, ids[^2]);
        Assert.AreEqual(ClipTokenizer.EndTokenId, ids[^1]);
    }

    [TestMethod]
    public void BatchPadsToTheLongestTextWithTheEndTokenAndMasksThePadding()
    {
        var batch = s_tokenizer.EncodeBatch(["a diagram", "a photo of a cat"]);

        Assert.AreEqual(2, batch.BatchSize);
        Assert.AreEqual(7, batch.SequenceLength);
        CollectionAssert.AreEqual(new long[] { 49406, 320, 22697, 49407, 49407, 49407, 49407, 49406, 320, 1125, 539, 320, 2368, 49407 }, batch.InputIds);
        CollectionAssert.AreEqual(new long[] { 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1 }, batch.AttentionMask);
    }

    [TestMethod]
    public void HuggingFaceVocabAndMergesFilesGiveTheSameIds()
    {
        var archive = ClipVocabulary.FromBpeArchive(ClipTestData.BpeArchive);
        var dir = Directory.CreateTempSubdirectory("clip-tokenizer-");
        try
        {
            // The layout of the export's vocab.json / merges.txt: a JSON object token -> id, merges after a #version line.
            var vocabPath = Path.Combine(dir.FullName, "vocab.json");
            var mergesPath = Path.Combine(dir.FullName, "merges.txt");
            File.WriteAllText(vocabPath, System.Text.Json.JsonSerializer.Serialize(archive.Tokens));
            File.WriteAllLines(mergesPath, ["#version: 0.2", .. archive.Merges]);

            var fromFiles = new ClipTokenizer(ClipVocabulary.FromHuggingFaceFiles(vocabPath, mergesPath));

            Assert.AreEqual(49408, archive.Tokens.Count);
            Assert.HasCount(48894, archive.Merges);
            CollectionAssert.AreEqual(s_tokenizer.Encode("naïve résumé — 東京 🐱, it's 2024"), fromFiles.Encode("naïve résumé — 東京 🐱, it's 2024"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [TestMethod]
    public void MissingVocabularyFileNamesTheFile()
    {
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => ClipTokenizer.FromBpeArchive("/nonexistent/bpe.txt.gz"));
        StringAssert.Contains(e.Message, "/nonexistent/bpe.txt.gz");
    }
}
