using ImageSearch.Core.Models.Generation;

namespace ImageSearch.Tests.Models.Generation;

[TestClass]
public sealed class RepetitionGuardTests
{
    [TestMethod]
    [DataRow(3, new[] { 3 }, DisplayName = "3-gram: after 1 2 again, 3 would repeat 1 2 3")]
    [DataRow(2, new[] { 3 }, DisplayName = "2-gram: after 2 again, 3 would repeat 2 3")]
    [DataRow(1, new[] { 1, 2, 3 }, DisplayName = "1-gram: every token seen")]
    [DataRow(6, new int[0], DisplayName = "longer than the sequence: nothing")]
    [DataRow(0, new int[0], DisplayName = "0: off")]
    public void BannedTokensCompleteAnNgramAlreadySeen(int n, int[] expected)
    {
        var banned = RepetitionGuard.BannedTokens([1, 2, 3, 1, 2], n);

        CollectionAssert.AreEquivalent(expected, banned.ToArray());
    }

    [TestMethod]
    public void EveryContinuationOfARepeatedPrefixIsBanned()
    {
        // "a b c a b d a b": after "a b" both c and d were seen.
        var banned = RepetitionGuard.BannedTokens([1, 2, 3, 1, 2, 4, 1, 2], 3);

        CollectionAssert.AreEquivalent(new[] { 3, 4 }, banned.ToArray());
    }

    [TestMethod]
    public void PenaltyDividesPositiveAndMultipliesNegativeLogitsOfSeenTokensOnce()
    {
        float[] logits = [2f, -2f, 1f, 4f];

        RepetitionGuard.Penalise(logits, [0, 1, 1, 0], 2f);

        CollectionAssert.AreEqual(new[] { 1f, -4f, 1f, 4f }, logits);
    }

    [TestMethod]
    public void GreedySearchWithTheGuardNeverRepeatsATrigram()
    {
        // The model always wants "1 2 3 1 2 3 ..."; token 4 is its second choice, 0 (end) its last.
        var model = new FakeLanguageModel(5, sequence => new Dictionary<int, double>
        {
            [1 + (sequence[^1] % 3)] = 0.6, [4] = 0.3, [0] = 0.1,
        });
        var options = new GenerationOptions { MaxNewTokens = 9, EosTokenId = 0, NoRepeatNgramSize = 3 };

        var tokens = GreedySearch.Run(model, [3], options, CancellationToken.None).Best.Tokens;

        var trigrams = Enumerable.Range(0, tokens.Count - 2).Select(i => (tokens[i], tokens[i + 1], tokens[i + 2])).ToList();
        Assert.HasCount(trigrams.Count, trigrams.Distinct(), string.Join(" ", tokens));
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 1, 2, 4 }, tokens.Take(6).ToArray(), "the second 1 2 is followed by 4, not 3");
    }
}
