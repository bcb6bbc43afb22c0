using ImageSearch.Core.Models.Generation;

namespace ImageSearch.Tests.Models.Generation;

/// <summary>
/// Greedy and beam search against hand-written models with hand-computed answers. Token 0 is end-of-text; the prompt
/// is [9]. Scores are sum of log-probabilities (end-of-text included) / number of tokens including end-of-text.
/// </summary>
[TestClass]
public sealed class SearchTests
{
    private const float Tolerance = 1e-5f;

    /// <summary>Greedy takes A (0.6) then AA (0.35, first of a tie); the beam finds B then BB: 0.4 x 0.9 = 0.36 > 0.6 x 0.35 = 0.21.</summary>
    private static FakeLanguageModel GreedyMissesTheBest() => FakeLanguageModel.FromTable(8, 1, new()
    {
        [""] = new() { [1] = 0.6, [2] = 0.4 },
        ["1"] = new() { [0] = 0.3, [3] = 0.35, [4] = 0.35 },
        ["2"] = new() { [5] = 0.9, [0] = 0.1 },
        ["1 3"] = new() { [0] = 1 },
        ["1 4"] = new() { [0] = 1 },
        ["2 5"] = new() { [0] = 1 },
    });

    [TestMethod]
    public void GreedyTakesTheMostProbableTokenAndStopsAtEndOfText()
    {
        var result = GreedySearch.Run(GreedyMissesTheBest(), [9], Options(), CancellationToken.None);

        var best = result.Best;
        CollectionAssert.AreEqual(new[] { 1, 3 }, best.Tokens.ToArray(), "end-of-text is not returned");
        Assert.IsTrue(best.Finished);
        Assert.AreEqual(MathF.Log(0.6f) + MathF.Log(0.35f), best.LogProbability, Tolerance, "ln 0.6 + ln 0.35 + ln 1");
        Assert.AreEqual(best.LogProbability / 3, best.Score, Tolerance);
        Assert.AreEqual(3, result.Steps);
    }

    [TestMethod]
    public void BeamSearchFindsTheSequenceGreedyMisses()
    {
        var result = BeamSearch.Run(GreedyMissesTheBest(), [9], Options(beams: 2), CancellationToken.None);

        Assert.HasCount(2, result.Sequences);
        CollectionAssert.AreEqual(new[] { 2, 5 }, result.Sequences[0].Tokens.ToArray());
        Assert.AreEqual((MathF.Log(0.4f) + MathF.Log(0.9f)) / 3, result.Sequences[0].Score, Tolerance);
        CollectionAssert.AreEqual(new[] { 1, 3 }, result.Sequences[1].Tokens.ToArray(), "second: the greedy answer (AA before AB on the tie)");
        Assert.AreEqual((MathF.Log(0.6f) + MathF.Log(0.35f)) / 3, result.Sequences[1].Score, Tolerance);
        Assert.AreEqual(3, result.Steps, "both hypotheses finish at step 3, nothing is left running");
    }

    [TestMethod]
    public void BeamsAreOrderedByLengthNormalisedLogProbability()
    {
        // Short: [1] end, ln(0.5 x 0.55) = -1.291 over 2 tokens = -0.646. Long: [2 3] end, ln(0.5 x 0.6 x 0.7) = -1.561
        // over 3 tokens = -0.520. Both finish by step 3, while [1 4 6] (-1.543) and [2 3 7] keep running.
        var model = FakeLanguageModel.FromTable(8, 1, new()
        {
            [""] = new() { [1] = 0.5, [2] = 0.5 },
            ["1"] = new() { [0] = 0.55, [4] = 0.45 },
            ["1 4"] = new() { [0] = 0.05, [6] = 0.95 },
            ["2"] = new() { [3] = 0.6, [5] = 0.4 },
            ["2 3"] = new() { [0] = 0.7, [7] = 0.3 },
        });
        var shortLog = MathF.Log(0.5f) + MathF.Log(0.55f);
        var longLog = MathF.Log(0.5f) + MathF.Log(0.6f) + MathF.Log(0.7f);
        Assert.IsGreaterThan(longLog, shortLog, "the short hypothesis has the higher total");
        Assert.IsLessThan(longLog / 3, shortLog / 2, "the long one has the higher per-token score");

        var normalised = BeamSearch.Run(model, [9], Options(beams: 2) with { EarlyStopping = true }, CancellationToken.None);
        var byTotal = BeamSearch.Run(model, [9], Options(beams: 2) with { EarlyStopping = true, LengthPenalty = 0f }, CancellationToken.None);

        CollectionAssert.AreEqual(new[] { 2, 3 }, normalised.Sequences[0].Tokens.ToArray());
        CollectionAssert.AreEqual(new[] { 1 }, normalised.Sequences[1].Tokens.ToArray());
        Assert.AreEqual(longLog / 3, normalised.Sequences[0].Score, Tolerance);
        CollectionAssert.AreEqual(new[] { 1 }, byTotal.Sequences[0].Tokens.ToArray(), "length penalty 0 ranks by total log-probability");
        Assert.AreEqual(shortLog, byTotal.Sequences[0].Score, Tolerance);
    }

    [TestMethod]
    public void UnlikelyEarlyEndingsCrowdOutALikelyBeamOnlyWithEarlyStopping()
    {
        // A (0.7) then A2 A3 end is likely (score ln 0.49 / 4); B, C and A-then-E/F/G end at once but improbably.
        var model = FakeLanguageModel.FromTable(10, 1, new()
        {
            [""] = new() { [1] = 0.7, [2] = 0.1, [3] = 0.1, [4] = 0.1 },
            ["1"] = new() { [5] = 0.7, [6] = 0.1, [7] = 0.1, [8] = 0.1 },
            ["1 5"] = new() { [9] = 1 },
        });

        var patient = BeamSearch.Run(model, [0], Options(beams: 3), CancellationToken.None);
        var early = BeamSearch.Run(model, [0], Options(beams: 3) with { EarlyStopping = true }, CancellationToken.None);

        CollectionAssert.AreEqual(new[] { 1, 5, 9 }, patient.Best.Tokens.ToArray());
        Assert.AreEqual(MathF.Log(0.49f) / 4, patient.Best.Score, Tolerance);
        CollectionAssert.AreEqual(new[] { 1, 6 }, early.Best.Tokens.ToArray(), "three hypotheses finished at step 3: search over");
        Assert.AreEqual(3, early.Steps);
    }

    [TestMethod]
    public void BeamSearchTellsTheModelWhichRowEachRowExtends()
    {
        var model = GreedyMissesTheBest();

        BeamSearch.Run(model, [9], Options(beams: 2), CancellationToken.None);

        Assert.IsNull(model.Calls[0].Parents, "first call: no parents");
        CollectionAssert.AreEqual(new[] { 9 }, model.Calls[0].Rows.Single());
        for (var call = 1; call < model.Calls.Count; call++)
        {
            var (rows, parents) = model.Calls[call];
            Assert.IsNotNull(parents);
            Assert.HasCount(rows.Count, parents);
            for (var i = 0; i < rows.Count; i++)
            {
                CollectionAssert.AreEqual(model.Calls[call - 1].Rows[parents[i]], rows[i][..^1], $"call {call} row {i} extends its parent row");
            }
        }

        // Step 2 holds the two best of step 1 (A then B); step 3 continues B-BB first (0.36) then A-AA (0.21).
        CollectionAssert.AreEqual(new[] { 9, 1 }, model.Calls[1].Rows[0]);
        CollectionAssert.AreEqual(new[] { 9, 2 }, model.Calls[1].Rows[1]);
        CollectionAssert.AreEqual(new[] { 1, 0 }, model.Calls[2].Parents);
    }

    [TestMethod]
    public void GenerationStopsAtMaxNewTokensUnfinished()
    {
        var loop = new FakeLanguageModel(4, sequence => new Dictionary<int, double> { [1 + (sequence[^1] % 3)] = 0.8, [0] = 0.2 });

        var greedy = GreedySearch.Run(loop, [1], Options(max: 5), CancellationToken.None);
        var beams = BeamSearch.Run(loop, [1], Options(max: 5, beams: 2) with { EarlyStopping = false }, CancellationToken.None);

        CollectionAssert.AreEqual(new[] { 2, 3, 1, 2, 3 }, greedy.Best.Tokens.ToArray());
        Assert.IsFalse(greedy.Best.Finished);
        Assert.AreEqual(5 * MathF.Log(0.8f), greedy.Best.LogProbability, Tolerance);

        // Without early stopping the running beam (ln 0.8 per token) keeps beating the finished ones (ln 0.2 at the end).
        Assert.AreEqual(5, beams.Steps);
        CollectionAssert.AreEqual(new[] { 2, 3, 1, 2, 3 }, beams.Best.Tokens.ToArray());
        Assert.IsFalse(beams.Best.Finished);
        Assert.AreEqual(MathF.Log(0.8f), beams.Best.Score, Tolerance);
        CollectionAssert.AreEqual(new[] { 2, 3, 1, 2 }, beams.Sequences[1].Tokens.ToArray(), "best finished: (4 ln 0.8 + ln 0.2) / 5");
    }

    [TestMethod]
    public void StopTokensEndLikeEndOfTextAndMinNewTokensDelaysThem()
    {
        // Token 7 ("newline") is most likely at once; 0 is end-of-text.
        var model = new FakeLanguageModel(8, sequence => sequence.Count < 3
            ? new Dictionary<int, double> { [7] = 0.5, [0] = 0.3, [sequence.Count + 1] = 0.2 }
            : new Dictionary<int, double> { [0] = 1 });

        var stopped = GreedySearch.Run(model, [5], Options() with { StopTokenIds = new HashSet<int> { 7 } }, CancellationToken.None);
        var delayed = GreedySearch.Run(model, [5], Options() with { StopTokenIds = new HashSet<int> { 7 }, MinNewTokens = 2 }, CancellationToken.None);

        Assert.IsEmpty(stopped.Best.Tokens);
        Assert.IsTrue(stopped.Best.Finished);
        Assert.AreEqual(MathF.Log(0.5f), stopped.Best.LogProbability, Tolerance);
        CollectionAssert.AreEqual(new[] { 2, 3 }, delayed.Best.Tokens.ToArray(), "stop tokens forbidden for two tokens, then end-of-text");
    }

    [TestMethod]
    public void CancelledTokenStopsTheSearch()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsExactly<OperationCanceledException>(() => GreedySearch.Run(GreedyMissesTheBest(), [9], Options(), cancelled.Token));
        Assert.ThrowsExactly<OperationCanceledException>(() => BeamSearch.Run(GreedyMissesTheBest(), [9], Options(beams: 2), cancelled.Token));
    }

    private static GenerationOptions Options(int max = 10, int beams = 1) => new() { MaxNewTokens = max, NumBeams = beams, EosTokenId = 0 };
}
