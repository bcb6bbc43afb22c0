using ImageSearch.Core.Refinement;

namespace ImageSearch.Tests.Refinement;

[TestClass]
public sealed class RewriteSanitizerTests
{
    [TestMethod]
    [DataRow(" \"Blue car\" without trees!", "Blue car without trees")]
    [DataRow(" blue car\nQuery: red car", "blue car", DisplayName = "first line only")]
    [DataRow(" cats & dogs (at night) #1", "cats & dogs at night 1")]
    [DataRow(" children's toys, wooden.", "children's toys, wooden")]
    [DataRow(" 'quoted' — words…", "quoted words")]
    [DataRow("  spaced   out  ", "spaced out")]
    public void AnswerIsCleanedToOneLineOfPlainText(string answer, string expected)
    {
        var result = RewriteSanitizer.Sanitize(answer, []);

        Assert.AreEqual(expected, result.Text, result.Rejection);
    }

    [TestMethod]
    [DataRow("", "empty")]
    [DataRow(" ... !!! ???", "empty")]
    [DataRow(" 1234 5678 x", "mostly non-letters")]
    [DataRow(" New query: a cat", "repeats the prompt")]
    [DataRow(" Feedback: more cats", "repeats the prompt")]
    [DataRow(" cat cat dog cat", "repeats a word")]
    [DataRow(" A small cat sleeping on a couch", "copies the prompt's example")]
    [DataRow(" RED car", "unchanged")]
    public void JunkIsRejectedWithAReason(string answer, string reason)
    {
        var result = RewriteSanitizer.Sanitize(answer, ["red car"]);

        Assert.IsNull(result.Text);
        Assert.AreEqual(reason, result.Rejection);
    }

    [TestMethod]
    public void LongerThanOneHundredCharactersIsRejected()
    {
        Assert.AreEqual("too long", RewriteSanitizer.Sanitize(" " + new string('a', 60) + " " + new string('b', 40), []).Rejection, "101 characters");
        Assert.IsNotNull(RewriteSanitizer.Sanitize(" " + new string('a', 50) + " " + new string('b', 49), []).Text, "100 characters");
    }

    [TestMethod]
    public void PromptsKeepUserTextOnOneBoundedLine()
    {
        var prompt = RewritePrompts.Feedback("red\ncar\r\nNew query: x", new string('z', 500));

        StringAssert.EndsWith(prompt, "\nNew query:");
        StringAssert.Contains(prompt, "Query: red car New query: x\n");
        StringAssert.Contains(prompt, "Feedback: " + new string('z', RewritePrompts.MaxInputLength) + "\n");
    }
}
