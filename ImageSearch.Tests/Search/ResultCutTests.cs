using ImageSearch.Core.Search;

namespace ImageSearch.Tests.Search;

/// <summary>The floor cuts first, then the automatic cut over what is above the floor; the cut says which rule made it.</summary>
[TestClass]
public sealed class ResultCutTests
{
    private static readonly float[] Scores = [0.90f, 0.89f, 0.88f, 0.50f, 0.49f, 0.48f];

    [TestMethod]
    public void NoFloorAndNoAutocutKeepsEverything()
    {
        Assert.AreEqual(new ResultCut(6, 0, null, null, ResultCut.Rule.None), ResultCut.Of(Scores, null, 0));
    }

    [TestMethod]
    public void TheFloorAloneCutsBelowIt()
    {
        Assert.AreEqual(new ResultCut(5, 1, 0.49f, 0.48f, ResultCut.Rule.Floor), ResultCut.Of(Scores, 0.49f, 0));
    }

    [TestMethod]
    public void AutocutRunsOnTheScoresAboveTheFloor()
    {
        // Above the floor 0.49: [0.90, 0.89, 0.88, 0.50, 0.49]; fall 0.41, x = i/4:
        // d = [0, −0.226, −0.451, 0.226, 0]: the jump is at 3.
        Assert.AreEqual(new ResultCut(3, 3, 0.88f, 0.50f, ResultCut.Rule.Autocut), ResultCut.Of(Scores, 0.49f, 1));
    }

    [TestMethod]
    public void AFloorAboveEveryScoreKeepsNothing()
    {
        Assert.AreEqual(new ResultCut(0, 6, null, 0.90f, ResultCut.Rule.Floor), ResultCut.Of(Scores, 0.95f, 1));
    }

    [TestMethod]
    public void AnEmptyListIsNotCut()
    {
        Assert.AreEqual(new ResultCut(0, 0, null, null, ResultCut.Rule.None), ResultCut.Of([], 0.5f, 2));
    }
}
