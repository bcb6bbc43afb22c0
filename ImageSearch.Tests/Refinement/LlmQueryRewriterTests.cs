using System.Diagnostics;
using ImageSearch.Core.Refinement;
using ImageSearch.Tests.Infrastructure;
using ImageSearch.Tests.Models.Generation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Tests.Refinement;

/// <summary>
/// The LLM rewriter end to end (prompt, GPT-2 tokens, merged decoder with cache, greedy search, decoding, sanitising,
/// fallback) against tiny models that answer known prompts with chosen text (<see cref="TinyLlm"/>). The rule-based
/// refiner is the one the app registers; fallbacks must return exactly its answer.
/// </summary>
[TestClass]
public sealed class LlmQueryRewriterTests
{
    private const string Query = "red car";
    private const string Feedback = "make it blue and remove the trees";
    private static DirectoryInfo s_root = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static void CreateRoot(TestContext context) => s_root = Directory.CreateTempSubdirectory("tiny-llm-");

    [ClassCleanup]
    public static void DeleteRoot() => s_root?.Delete(recursive: true);

    private static string FeedbackPrompt => RewritePrompts.Feedback(Query, Feedback);

    [TestMethod]
    public async Task GoodAnswerIsSanitisedIntoTheRewrittenQueryWithVariations()
    {
        using var provider = Build(Model(
            (FeedbackPrompt, " \"Blue car without trees\"."),
            (RewritePrompts.Variations[0]("Blue car without trees"), " navy sedan among pine woods"),
            (RewritePrompts.Variations[1]("Blue car without trees"), " cobalt hatchback beside spruce")));
        var (rewriter, rules) = Services(provider);

        var terms = await rewriter.ParseFeedbackAsync(Query, Feedback, CancellationToken.None);

        var expected = await rules.ParseFeedbackAsync(Query, Feedback, CancellationToken.None);
        Assert.AreEqual("distilgpt2", terms.Source);
        Assert.AreEqual("Blue car without trees", terms.RewrittenQuery);
        CollectionAssert.AreEqual(new[] { "navy sedan among pine woods", "cobalt hatchback beside spruce" }, terms.Variations!.ToArray());
        CollectionAssert.AreEqual(expected.Positive.ToArray(), terms.Positive.ToArray(), "the rules' terms are kept");
        CollectionAssert.AreEqual(expected.Negative.ToArray(), terms.Negative.ToArray());
    }

    [TestMethod]
    [DataRow(" ??? !!! ### 42", DisplayName = "mostly symbols")]
    [DataRow(" Query: red car", DisplayName = "repeats the prompt")]
    [DataRow(" blue sports car without people", DisplayName = "copies the example")]
    [DataRow("", DisplayName = "empty")]
    [DataRow(" Red car", DisplayName = "unchanged")]
    [DataRow(" cat dog cat bird cat", DisplayName = "repeats a word")]
    [DataRow(" a long rambling description of a blue automobile standing alone in a wide empty field under grey clouds at dusk in autumn", DisplayName = "too long")]
    public async Task JunkAnswerFallsBackToTheRules(string answer)
    {
        using var provider = Build(Model((FeedbackPrompt, answer)), ("QueryRewriter:MaxNewTokens", "64"));
        var (rewriter, rules) = Services(provider);

        var terms = await rewriter.ParseFeedbackAsync(Query, Feedback, CancellationToken.None);

        AssertRulesAnswer(await rules.ParseFeedbackAsync(Query, Feedback, CancellationToken.None), terms);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task ModelSlowerThanTheDeadlineFallsBackInTime()
    {
        var directory = TinyLlm.Write(NewDirectory(), TinyLlm.Answers((FeedbackPrompt, " blue car")), burnIterations: 2_000_000_000);
        using var logs = new LogCollector();
        using var provider = Build(directory, logs, ("QueryRewriter:DeadlineMilliseconds", "300"));
        var (rewriter, rules) = Services(provider);
        Assert.IsTrue(rewriter.Status.IsAvailable, rewriter.Status.Detail);

        var watch = Stopwatch.StartNew();
        var terms = await rewriter.ParseFeedbackAsync(Query, Feedback, TestContext.CancellationToken);
        var variations = await rewriter.VaryAsync(Query, 2, TestContext.CancellationToken);
        watch.Stop();

        AssertRulesAnswer(await rules.ParseFeedbackAsync(Query, Feedback, CancellationToken.None), terms);
        CollectionAssert.AreEqual((await rules.VaryAsync(Query, 2, CancellationToken.None)).ToArray(), variations.ToArray());
        Assert.IsLessThan(10_000, watch.ElapsedMilliseconds, "two calls of 300 ms deadlines; one model step alone would take hours");
        var messages = logs.Entries.Where(e => e.Category.EndsWith(nameof(LlmQueryRewriter), StringComparison.Ordinal)).ToList();
        Assert.IsTrue(messages.Any(e => e.Message.Contains("feedback passed its deadline of 300 ms", StringComparison.Ordinal)), "the model was cut by the deadline, not by a failure");
        Assert.IsTrue(messages.Any(e => e.Message.Contains("kept the 0 variations found before its deadline", StringComparison.Ordinal)));
        Assert.IsFalse(messages.Any(e => e.Level >= LogLevel.Warning), string.Join("\n", messages.Select(e => e.Message)));
    }

    [TestMethod]
    public async Task AbsentModelIsReportedAndTheRulesAnswer()
    {
        using var provider = Build(NewDirectory());
        var (rewriter, rules) = Services(provider);

        var terms = await rewriter.ParseFeedbackAsync(Query, Feedback, CancellationToken.None);
        var variations = await rewriter.VaryAsync(Query, 3, CancellationToken.None);

        Assert.IsFalse(rewriter.Status.IsAvailable);
        StringAssert.Contains(rewriter.Status.Detail, "not downloaded");
        StringAssert.Contains(rewriter.Status.Detail, "rule-based refiner answers instead");
        AssertRulesAnswer(await rules.ParseFeedbackAsync(Query, Feedback, CancellationToken.None), terms);
        CollectionAssert.AreEqual((await rules.VaryAsync(Query, 3, CancellationToken.None)).ToArray(), variations.ToArray());
        Assert.IsNull(await rewriter.CombineWithCaptionAsync(Query, "a cat", CancellationToken.None));
    }

    [TestMethod]
    public async Task VariationsComeFromTheTemplatesInOrderSkippingJunk()
    {
        using var provider = Build(Model(
            (RewritePrompts.Variations[0](Query), " crimson coupe on asphalt"),
            (RewritePrompts.Variations[1](Query), " %%% ###"),
            (RewritePrompts.Variations[2](Query), " scarlet roadster parked downtown")));
        var (rewriter, _) = Services(provider);

        var one = await rewriter.VaryAsync(Query, 1, CancellationToken.None);
        var three = await rewriter.VaryAsync(Query, 3, CancellationToken.None);

        CollectionAssert.AreEqual(new[] { "crimson coupe on asphalt" }, one.ToArray());
        CollectionAssert.AreEqual(new[] { "crimson coupe on asphalt", "scarlet roadster parked downtown" }, three.ToArray());
        Assert.IsEmpty(await rewriter.VaryAsync(Query, 0, CancellationToken.None));
    }

    [TestMethod]
    public async Task CaptionAndQueryCombineIntoOneQuery()
    {
        using var provider = Build(Model((RewritePrompts.Caption("cat", "a tabby cat asleep on a sofa"), " tabby cat sleeping on a sofa")));
        var (rewriter, _) = Services(provider);

        Assert.AreEqual("tabby cat sleeping on a sofa", await rewriter.CombineWithCaptionAsync("cat", "a tabby cat asleep on a sofa", CancellationToken.None));
    }

    [TestMethod]
    public async Task CallerCancellationIsNotTurnedIntoAFallback()
    {
        using var provider = Build(Model((FeedbackPrompt, " blue car")));
        var (rewriter, _) = Services(provider);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => rewriter.ParseFeedbackAsync(Query, Feedback, cancelled.Token));
        await Assert.ThrowsAsync<OperationCanceledException>(() => rewriter.VaryAsync(Query, 2, cancelled.Token));
        Assert.IsTrue(rewriter.CombineWithCaptionAsync(Query, "a cat", cancelled.Token).IsCanceled, "reported through the task");
    }

    [TestMethod]
    public void AvailableStatusNamesTheModelAndTheFallback()
    {
        using var provider = Build(Model((FeedbackPrompt, " blue car")));
        var (rewriter, _) = Services(provider);

        Assert.AreEqual("distilgpt2", rewriter.Name);
        Assert.AreEqual(10, rewriter.Priority);
        Assert.IsTrue(rewriter.Status.IsAvailable, rewriter.Status.Detail);
        StringAssert.Contains(rewriter.Status.Detail, "key/value cache");
        StringAssert.Contains(rewriter.Status.Detail, "1500 ms");
    }

    private static void AssertRulesAnswer(FeedbackTerms expected, FeedbackTerms actual)
    {
        Assert.AreEqual(expected.Source, actual.Source);
        Assert.AreEqual(expected.RewrittenQuery, actual.RewrittenQuery);
        CollectionAssert.AreEqual(expected.Positive.ToArray(), actual.Positive.ToArray());
        CollectionAssert.AreEqual(expected.Negative.ToArray(), actual.Negative.ToArray());
        CollectionAssert.AreEqual(expected.Variations?.ToArray(), actual.Variations?.ToArray());
    }

    private static string Model(params (string Prompt, string Answer)[] answers) => TinyLlm.Write(NewDirectory(), TinyLlm.Answers(answers));

    private static string NewDirectory() => Directory.CreateDirectory(Path.Combine(s_root.FullName, Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>The services as the app registers them (so the rule-based refiner is built however it needs to be).</summary>
    private static ServiceProvider Build(string modelDirectory, params (string Key, string Value)[] settings) =>
        Build(modelDirectory, null, settings);

    private static ServiceProvider Build(string modelDirectory, LogCollector? logs, params (string Key, string Value)[] settings)
    {
        var values = settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        values["QueryRewriter:ModelDirectory"] = modelDirectory;
        values["QueryRewriter:IntraOpNumThreads"] = "1";
        return TestServices.Build(values, logs);
    }

    private static (LlmQueryRewriter Rewriter, RuleBasedRefiner Rules) Services(ServiceProvider provider) =>
        (provider.GetServices<IQueryRefiner>().OfType<LlmQueryRewriter>().Single(), provider.GetRequiredService<RuleBasedRefiner>());
}
