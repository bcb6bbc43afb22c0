using ImageSearch.Core.Models;
using ImageSearch.Core.Models.Generation;

namespace ImageSearch.Tests.Models.Generation;

/// <summary>
/// The ONNX decoder wrapper against tiny decoders with the distilgpt2 export's layout (see <see cref="TinyDecoder"/>):
/// cache on or off, merged or plain export, greedy and beam search. The tiny decoder's next token depends on the token
/// before the last, which a cached step only has through past_key_values, and it ends the text when attention_mask,
/// position_ids and the cache length disagree: a right answer means the cache and inputs were fed right.
/// </summary>
[TestClass]
public sealed class OnnxDecoderTests
{
    private const int End = Gpt2Tokenizer.EndOfText;
    private static readonly int[] Prompt = [1000, 1500];
    private static DirectoryInfo s_directory = null!;

    /// <summary>
    /// After the prompt: 2000 (0.5), 3000 (0.4) or 4000 (0.1). Token 7 follows both 2000 and 3000 and is followed by what
    /// its predecessor says (2001 or 3001): only a model that sees two tokens back can continue. After 2000, 7 is only 0.6
    /// likely, so at step 2 the beam from 3000 overtakes the one from 2000 and the cache rows must swap.
    /// </summary>
    private static Transitions History() => new Transitions(End)
        .After(1000, 1500, (2000, 0.5), (3000, 0.4), (4000, 0.1))
        .After(1500, 2000, (7, 0.6), (8, 0.4))
        .Continue([2000, 7], [2001, 7, 2002], End)
        .After(2000, 8, (End, 1))
        .After(1500, 3000, (7, 1))
        .Continue([3000, 7], [3001], End)
        .After(1500, 4000, (End, 1));

    /// <summary>Greedy takes 2000 (0.6) then 2001 (0.35); two beams find 3000 3001 (0.36).</summary>
    private static Transitions GreedyMissesTheBest() => new Transitions(End)
        .After(1000, 1500, (2000, 0.6), (3000, 0.4))
        .After(1500, 2000, (End, 0.3), (2001, 0.35), (2002, 0.35))
        .After(1500, 3000, (3001, 0.9), (End, 0.1))
        .After(2000, 2001, (End, 1)).After(2000, 2002, (End, 1)).After(3000, 3001, (End, 1));

    [ClassInitialize]
    public static void WriteModels(TestContext context)
    {
        s_directory = Directory.CreateTempSubdirectory("tiny-decoder-");
        new TinyDecoder(History()).Write(PathOf("merged"));
        new TinyDecoder(History()) { WithPast = false }.Write(PathOf("plain"));
        new TinyDecoder(History()) { WithPositionIds = false }.Write(PathOf("no-position-ids"));
        new TinyDecoder(GreedyMissesTheBest()) { Perturbation = 0f }.Write(PathOf("branching"));
    }

    [ClassCleanup]
    public static void DeleteModels() => s_directory?.Delete(recursive: true);

    [TestMethod]
    public void CachedGreedyFeedsOneTokenPerStepAndMatchesUncached()
    {
        using var decoder = Open("merged");
        var cached = decoder.Start(null);
        var uncached = decoder.Start(null, useCache: false);

        var withCache = GreedySearch.Run(cached, Prompt, Options(), CancellationToken.None);
        var withoutCache = GreedySearch.Run(uncached, Prompt, Options(), CancellationToken.None);

        Assert.IsTrue(decoder.HasCache);
        CollectionAssert.AreEqual(new[] { 2000, 7, 2001, 7, 2002 }, withCache.Best.Tokens.ToArray(), "7 continues by what came before it");
        Assert.IsTrue(withCache.Best.Finished);
        CollectionAssert.AreEqual(withoutCache.Best.Tokens.ToArray(), withCache.Best.Tokens.ToArray());
        Assert.AreEqual(withoutCache.Best.LogProbability, withCache.Best.LogProbability, 1e-5f);
        Assert.AreEqual(6, cached.Steps);
        Assert.AreEqual(2 + 5, cached.TokensFed, "the prompt once, then one token per step");
        Assert.AreEqual(2 + 3 + 4 + 5 + 6 + 7, uncached.TokensFed, "the whole sequence every step");
    }

    [TestMethod]
    public void CachedBeamSearchReordersTheCacheAndMatchesUncached()
    {
        using var decoder = Open("merged");
        var cached = decoder.Start(null);
        var uncached = decoder.Start(null, useCache: false);
        var recorder = new RecordingLogitsSource(cached);

        var withCache = BeamSearch.Run(recorder, Prompt, Options(beams: 3), CancellationToken.None);
        var withoutCache = BeamSearch.Run(uncached, Prompt, Options(beams: 3), CancellationToken.None);

        CollectionAssert.AreEqual(new[] { 2000, 7, 2001, 7, 2002 }, withCache.Best.Tokens.ToArray());
        Assert.HasCount(withoutCache.Sequences.Count, withCache.Sequences);
        for (var i = 0; i < withCache.Sequences.Count; i++)
        {
            CollectionAssert.AreEqual(withoutCache.Sequences[i].Tokens.ToArray(), withCache.Sequences[i].Tokens.ToArray(), $"hypothesis {i}");
            Assert.AreEqual(withoutCache.Sequences[i].Score, withCache.Sequences[i].Score, 1e-5f, $"hypothesis {i}: the perturbation reads the whole cache");
        }

        CollectionAssert.Contains(withCache.Sequences.Select(s => string.Join(' ', s.Tokens)).ToList(), "3000 7 3001");
        Assert.IsTrue(recorder.Parents.Any(p => p is not null && p.Where((parent, row) => parent != row).Any()), "some step reordered the rows");
        Assert.IsLessThan(uncached.TokensFed, cached.TokensFed);
        Assert.AreEqual(2 + (3 * (cached.Steps - 1)), cached.TokensFed, "prompt once (one row), then three beams of one token");
    }

    [TestMethod]
    public void BeamSearchOverOnnxGivesTheHandComputedRanking()
    {
        using var decoder = Open("branching");

        var greedy = GreedySearch.Run(decoder.Start(null), Prompt, Options(), CancellationToken.None);
        var beams = BeamSearch.Run(decoder.Start(null), Prompt, Options(beams: 2), CancellationToken.None);

        CollectionAssert.AreEqual(new[] { 2000, 2001 }, greedy.Best.Tokens.ToArray());
        CollectionAssert.AreEqual(new[] { 3000, 3001 }, beams.Sequences[0].Tokens.ToArray());
        Assert.AreEqual((MathF.Log(0.4f) + MathF.Log(0.9f)) / 3, beams.Sequences[0].Score, 1e-4f);
        CollectionAssert.AreEqual(new[] { 2000, 2001 }, beams.Sequences[1].Tokens.ToArray());
        Assert.AreEqual((MathF.Log(0.6f) + MathF.Log(0.35f)) / 3, beams.Sequences[1].Score, 1e-4f);
    }

    [TestMethod]
    public void PlainDecoderWithoutPastInputsIsFedTheWholeSequence()
    {
        using var decoder = Open("plain");
        var run = decoder.Start(null);

        var result = GreedySearch.Run(run, Prompt, Options(), CancellationToken.None);

        Assert.IsFalse(decoder.HasCache);
        Assert.IsFalse(run.UsesCache);
        CollectionAssert.AreEqual(new[] { 2000, 7, 2001, 7, 2002 }, result.Best.Tokens.ToArray());
        Assert.AreEqual(2 + 3 + 4 + 5 + 6 + 7, run.TokensFed);
    }

    [TestMethod]
    public void ExportWithoutPositionIdsRunsWithTheCache()
    {
        using var decoder = Open("no-position-ids");
        var run = decoder.Start(null);

        var result = GreedySearch.Run(run, Prompt, Options(), CancellationToken.None);

        CollectionAssert.AreEqual(new[] { 2000, 7, 2001, 7, 2002 }, result.Best.Tokens.ToArray());
        Assert.AreEqual(7, run.TokensFed);
    }

    [TestMethod]
    public void MaxNewTokensStopsAnUnfinishedSequence()
    {
        using var decoder = Open("merged");

        var result = GreedySearch.Run(decoder.Start(null), Prompt, Options(max: 3), CancellationToken.None);

        CollectionAssert.AreEqual(new[] { 2000, 7, 2001 }, result.Best.Tokens.ToArray());
        Assert.IsFalse(result.Best.Finished);
    }

    [TestMethod]
    public void DecoderWithAnInputTheServiceCannotFeedIsUnavailable()
    {
        var path = Path.Combine(s_directory.FullName, "extra", "decoder_model_merged.onnx");
        new TinyDecoder(History()) { ExtraInput = "token_type_ids" }.Write(path);

        var e = Assert.ThrowsExactly<ModelUnavailableException>(() => OnnxDecoder.Open("distilgpt2", path, 50257, 1));

        StringAssert.Contains(e.Reason, "token_type_ids");
    }

    [TestMethod]
    public void TruncatedDecoderFileIsUnavailableWithTheFileNamed()
    {
        var path = Path.Combine(s_directory.FullName, "truncated.onnx");
        var bytes = File.ReadAllBytes(PathOf("merged"));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);

        var e = Assert.ThrowsExactly<ModelUnavailableException>(() => OnnxDecoder.Open("distilgpt2", path, 50257, 1));

        Assert.AreEqual(path, e.Path);
        StringAssert.Contains(e.Reason, "cannot load");
    }

    [TestMethod]
    public void WrongVocabularySizeIsUnavailable()
    {
        var e = Assert.ThrowsExactly<ModelUnavailableException>(() => OnnxDecoder.Open("distilgpt2", PathOf("merged"), 32000, 1));

        StringAssert.Contains(e.Reason, "32000");
    }

    private static string PathOf(string name) => Path.Combine(s_directory.FullName, name, "decoder_model_merged.onnx");

    private static OnnxDecoder Open(string name) => OnnxDecoder.Open("distilgpt2", PathOf(name), 50257, 1);

    private static GenerationOptions Options(int max = 12, int beams = 1) => new() { MaxNewTokens = max, NumBeams = beams, EosTokenId = End };
}
