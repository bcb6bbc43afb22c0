using System.ComponentModel.DataAnnotations;
using ImageSearch.Core.Sources;
using ImageSearch.Core.Sources.Web;

namespace ImageSearch.Tests.Sources;

[TestClass]
public sealed class SourceSelectionTests
{
    [TestMethod]
    [DataRow(null, "catalog")]
    [DataRow("", "catalog")]
    [DataRow("catalog", "catalog")]
    [DataRow("duckduckgo", "duckduckgo")]
    [DataRow(" Catalog , DuckDuckGo ", "catalog,duckduckgo")]
    [DataRow("duckduckgo,catalog,duckduckgo", "duckduckgo,catalog")]
    public void ParsesTheSettingWithTheCatalogAsDefault(string? setting, string expected) =>
        Assert.AreEqual(expected, string.Join(',', SourceSelection.Parse(setting)));

    [TestMethod]
    public void UnknownNamesAreRejectedAtStart()
    {
        var error = new SourceListAttribute().GetValidationResult("catalog,bing", new ValidationContext(new object()) { MemberName = "Sources" });

        Assert.IsNotNull(error);
        Assert.Contains("bing", error.ErrorMessage!);
        Assert.IsNull(new SourceListAttribute().GetValidationResult("catalog,duckduckgo", new ValidationContext(new object())));
    }

    [TestMethod]
    public void SelectKeepsTheNamedRegisteredSourcesInOrder()
    {
        IImageSource[] registered = [new NamedSource("catalog"), new NamedSource(DuckDuckGoImageSource.SourceName)];

        Assert.AreEqual("catalog", string.Join(',', SourceSelection.Select(registered, null).Select(s => s.Name)));
        Assert.AreEqual("duckduckgo,catalog", string.Join(',', SourceSelection.Select(registered, "duckduckgo,catalog").Select(s => s.Name)));
        Assert.ThrowsExactly<InvalidOperationException>(() => SourceSelection.Select([registered[0]], "duckduckgo"));
    }

    private sealed class NamedSource(string name) : IImageSource
    {
        public string Name => name;

        public Task<IReadOnlyList<Candidate>> FindAsync(SourceQuery query, int max, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Candidate>>([]);
    }
}
