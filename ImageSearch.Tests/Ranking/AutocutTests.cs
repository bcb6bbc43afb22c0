using ImageSearch.Core.Ranking;

namespace ImageSearch.Tests.Ranking;

/// <summary>
/// The automatic cut on score lists whose jumps were worked out by hand: with n scores, xᵢ = i/(n−1) and
/// yᵢ = (s₀ − sᵢ)/(s₀ − sₙ₋₁); a jump is a local maximum of yᵢ − xᵢ, and the list is cut before it.
/// </summary>
[TestClass]
public sealed class AutocutTests
{
    // One clear drop after the third score. d = y − x = [0, −0.176, −0.352, 0.352, 0.176, 0]: the only local maximum is at 3.
    private static readonly float[] OneDrop = [0.90f, 0.89f, 0.88f, 0.50f, 0.49f, 0.48f];

    // Two drops. fall 0.71; y = [0, 0.014, 0.423, 0.437, 0.986, 1], x = [0, 0.2, 0.4, 0.6, 0.8, 1];
    // d = [0, −0.186, 0.023, −0.163, 0.186, 0]: local maxima at 2 and at 4.
    private static readonly float[] TwoDrops = [1.00f, 0.99f, 0.70f, 0.69f, 0.30f, 0.29f];

    [TestMethod]
    public void OneJumpCutsBeforeTheDrop() => Assert.AreEqual(3, Autocut.KeepCount(OneDrop, 1));

    [TestMethod]
    public void AskingForMoreJumpsThanTheListHasKeepsEverything() => Assert.AreEqual(6, Autocut.KeepCount(OneDrop, 2));

    [TestMethod]
    [DataRow(1, 2)]
    [DataRow(2, 4)]
    [DataRow(3, 6)]
    public void EachFurtherJumpKeepsTheNextGroup(int jumps, int kept) => Assert.AreEqual(kept, Autocut.KeepCount(TwoDrops, jumps));

    [TestMethod]
    public void ZeroJumpsIsOff() => Assert.AreEqual(6, Autocut.KeepCount(TwoDrops, 0));

    [TestMethod]
    public void EvenlyFallingScoresHaveNoJump() => Assert.AreEqual(5, Autocut.KeepCount([0.9f, 0.8f, 0.7f, 0.6f, 0.5f], 1));

    [TestMethod]
    public void EqualScoresAreNotCut() => Assert.AreEqual(4, Autocut.KeepCount([0.5f, 0.5f, 0.5f, 0.5f], 1));

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(2)]
    public void ListsOfAtMostTwoAreNotCut(int count) => Assert.AreEqual(count, Autocut.KeepCount([.. new[] { 0.9f, 0.1f }.Take(count)], 1));

    [TestMethod]
    public void ADropAtTheEndCutsOnlyTheLastScore()
    {
        // fall 0.53; y = [0, 0.019, 0.038, 0.057, 1], x = [0, 0.25, 0.5, 0.75, 1]; d = [0, −0.231, −0.462, −0.693, 0]:
        // the last point is above the two before it.
        Assert.AreEqual(4, Autocut.KeepCount([0.90f, 0.89f, 0.88f, 0.87f, 0.37f], 1));
    }
}
