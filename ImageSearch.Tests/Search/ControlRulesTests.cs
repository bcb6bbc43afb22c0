using ImageSearch.Core.Catalog;
using ImageSearch.Core.Errors;
using ImageSearch.Core.Search;
using ImageSearch.Core.Sessions;

namespace ImageSearch.Tests.Search;

[TestClass]
public sealed class ControlRulesTests
{
    private static readonly RankingControls Stored = new()
    {
        Filter = new CatalogFilter("food"), Autocut = 2, MinScore = 0.3f, Order = ResultOrder.Newest,
    };

    [TestMethod]
    public void ARequestNamingNoControlKeepsTheStoredOnes()
    {
        Assert.AreSame(Stored, ControlRules.Resolve(new PageRequest(Top: 5, Page: 2), Stored));
    }

    [TestMethod]
    public void WithNothingStoredARequestNamingNoControlGetsTheDefaults()
    {
        Assert.AreSame(RankingControls.Default, ControlRules.Resolve(new PageRequest(), null));
    }

    [TestMethod]
    public void ARequestNamingOneControlSetsAllOfThemTheOthersOff()
    {
        var resolved = ControlRules.Resolve(new PageRequest(Order: "oldest"), Stored);

        Assert.AreEqual(ResultOrder.Oldest, resolved.Order);
        Assert.IsNull(resolved.Filter);
        Assert.AreEqual(0, resolved.Autocut);
        Assert.IsNull(resolved.MinScore);
    }

    [TestMethod]
    public void FilterNamesAreTrimmedBlankOnesDroppedAndTagsDeduplicatedIgnoringCase()
    {
        var resolved = ControlRules.Resolve(
            new PageRequest(Filter: new FilterRequest(Category: "  food ", Tags: ["Fruit", " fruit", "", "red"], Sources: ["catalog"])), null);

        Assert.AreEqual("food", resolved.Filter!.Category);
        CollectionAssert.AreEqual(new[] { "Fruit", "red" }, resolved.Filter.Tags!.ToArray());
        CollectionAssert.AreEqual(new[] { "catalog" }, resolved.Sources!.ToArray());
    }

    [TestMethod]
    public void AnEmptyFilterIsNoFilter()
    {
        var resolved = ControlRules.Resolve(new PageRequest(Filter: new FilterRequest(Category: " ", Tags: [], Sources: [])), null);

        Assert.IsNull(resolved.Filter);
        Assert.IsNull(resolved.Sources);
        Assert.IsTrue(resolved.IsDefault);
    }

    [TestMethod]
    [DataRow(-1)]
    [DataRow(6)]
    public void AutocutOutsideZeroToFiveIsRefused(int autocut) =>
        AssertRefused("invalid-autocut", new PageRequest(Autocut: autocut));

    [TestMethod]
    [DataRow("random")]
    [DataRow("Relevance")]
    [DataRow("")]
    public void AnUnknownOrderIsRefused(string order) => AssertRefused("invalid-order", new PageRequest(Order: order));

    [TestMethod]
    public void AnUnknownSourceIsRefused() =>
        AssertRefused("invalid-filter", new PageRequest(Filter: new FilterRequest(Sources: ["catalog", "bing"])));

    [TestMethod]
    public void MoreThanTwentyTagsAreRefused() =>
        AssertRefused("invalid-filter", new PageRequest(Filter: new FilterRequest(Tags: [.. Enumerable.Range(0, 21).Select(i => $"t{i}")])));

    [TestMethod]
    public void ANameOverFiftyCharactersIsRefused() =>
        AssertRefused("invalid-filter", new PageRequest(Filter: new FilterRequest(Category: new string('c', 51))));

    [TestMethod]
    public void AnImportRangeThatEndsBeforeItStartsIsRefused() =>
        AssertRefused("invalid-filter", new PageRequest(Filter: new FilterRequest(
            ImportedFrom: new DateTimeOffset(2026, 6, 2, 0, 0, 0, TimeSpan.Zero), ImportedTo: new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero))));

    private static void AssertRefused(string code, PageRequest request)
    {
        var refused = Assert.ThrowsExactly<RequestValidationException>(() => ControlRules.Resolve(request, Stored));
        Assert.AreEqual(code, refused.Code);
    }
}
