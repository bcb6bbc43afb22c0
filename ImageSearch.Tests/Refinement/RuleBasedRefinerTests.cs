using ImageSearch.Core.Refinement;

namespace ImageSearch.Tests.Refinement;

[TestClass]
public sealed class RuleBasedRefinerTests
{
    [TestMethod]
    [DataRow("remove trees", "", "trees")]
    [DataRow("no people", "", "people")]
    [DataRow("focus on blue sky", "blue sky", "")]
    [DataRow("more red", "red", "")]
    [DataRow("without apples", "", "apples")]
    [DataRow("Remove the trees and focus on the blue sky!", "blue sky", "trees")]
    [DataRow("less clouds, more sun", "sun", "clouds")]
    [DataRow("don't show any cars", "", "cars")]
    [DataRow("snow", "snow", "")]
    [DataRow("notebooks", "notebooks", "")]
    public void FeedbackIsSplitIntoPositiveAndNegativeTerms(string feedback, string positive, string negative)
    {
        var terms = RuleBasedRefiner.Parse(feedback);

        Assert.AreEqual(positive, string.Join('|', terms.Positive), "positive");
        Assert.AreEqual(negative, string.Join('|', terms.Negative), "negative");
        Assert.AreEqual("rules", terms.Source);
    }
}
