using ImageSearch.Core.Errors;
using ImageSearch.Core.Refinement;
using ImageSearch.Core.Sessions;

namespace ImageSearch.Tests.Sessions;

[TestClass]
public sealed class SessionStateCodecTests
{
    [TestMethod]
    public void NonAsciiTextSurvivesTheRoundTripAndIsNotEscaped()
    {
        var state = SessionState.Empty with { Query = "Ñandú über Dächern 🦘", EffectiveQuery = "Ñandú — ohne Bäume" };

        var stored = SessionStateCodec.Encode(state);
        var decoded = SessionStateCodec.Decode(stored);

        Assert.AreEqual(state.Query, decoded.Query);
        Assert.AreEqual(state.EffectiveQuery, decoded.EffectiveQuery);
    }

    [TestMethod]
    public void TheLargestStateTheLimitsAllowFitsInItsRow()
    {
        // Every limit at its maximum, in non-ASCII text (each character 2-3 bytes of UTF-8; \u-escaped it would be 6):
        // a 500-character query, 20 refinements of 300-character feedback with their terms, 50 results with 200-character
        // titles and 1000-character descriptions, 5 uploads.
        var words = "Ñandú Ærø Ελλάδα дерево 木 Straße ünd ";
        string Text(int length, int seed) => string.Concat(Enumerable.Range(seed, length).Select(i => words[i % words.Length]))[..length];
        var state = SessionState.Empty with
        {
            Query = Text(500, 1),
            EffectiveQuery = Text(500, 2),
            Refinements = [.. Enumerable.Range(0, 20).Select(i => new AppliedRefinement(
                RefinementKind.Feedback, Text(300, i), null, null, null, [Text(150, i + 3)], [Text(150, i + 5)], "rules"))],
            LastResults = [.. Enumerable.Range(0, 50).Select(i => new RankedResult(
                $"{i:x24}", Text(200, i), Text(1000, i + 7), 0.5f, "catalog", DateTimeOffset.UnixEpoch))],
        };

        var stored = SessionStateCodec.Encode(state);

        Assert.IsLessThan(SessionStateCodec.MaxStoredBytes, stored.Length);
        Assert.AreEqual(state.LastResults[49].Description, SessionStateCodec.Decode(stored).LastResults[49].Description);
    }

    [TestMethod]
    public void AStateThatCannotFitIsRefusedAsSessionFull()
    {
        var random = new Random(5);
        var noise = new string([.. Enumerable.Range(0, 100_000).Select(_ => (char)random.Next(0x4E00, 0x9FFF))]); // does not compress
        var state = SessionState.Empty with { Query = noise };

        var refused = Assert.ThrowsExactly<ImageSearchException>(() => SessionStateCodec.Encode(state));

        Assert.AreEqual("session-full", refused.Code);
        Assert.AreEqual(ErrorKind.TooLarge, refused.Kind);
    }

    [TestMethod]
    public void ARowWithoutAStoredStateReadsAsAnEmptySession() =>
        Assert.AreSame(SessionState.Empty, SessionStateCodec.Decode([]));
}
