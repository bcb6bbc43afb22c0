using ImageSearch.Core;

namespace ImageSearch.Tests.Layering;

/// <summary>
/// Core's folders form a one-way pipeline: no cycle between its namespaces, judged from the compiled assembly (every
/// type reference in signatures, attributes and IL), and no HTTP host inside it. The first test prints the folder graph,
/// top level first, which the README's architecture section is drawn from.
/// </summary>
[TestClass]
public sealed class CoreLayeringTests
{
    private static readonly string[] HostAssemblyPrefixes = ["Microsoft.AspNetCore", "Microsoft.Net.Http.Headers", "Microsoft.Azure.Functions"];

    /// <summary>The bands of the README's picture, bottom first. A folder may use folders of its own band or below.</summary>
    private static readonly string[][] Bands =
    [
        ["Errors", "Storage", "Embeddings", "Imaging", "Fetching", "Admin", "Quotas"],
        ["Models", "Models.Clip", "Models.Embedded", "Models.Generation"],
        ["Ranking", "Refinement", "Catalog", "Sources", "Sources.Web", "Captioning"],
        ["Sessions", "Search", "Uploads", "Downloads", "Health"],
        ["(root)"],
    ];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void CoreFoldersDependOnEachOtherOneWayOnly()
    {
        var graph = NamespaceGraph.Load(typeof(ServiceCollectionExtensions).Assembly.Location, "ImageSearch.Core");
        var description = graph.Describe();
        TestContext.WriteLine(description);

        var cycles = graph.Cycles();
        var reasons = graph.MutualPairs().SelectMany(p => graph.Why(p.A, p.B).Concat(graph.Why(p.B, p.A)).Take(6))
            .Select(r => $"  {r.From} -> {r.To}");
        Assert.IsEmpty(cycles, $"Core folders in cycles:\n{description}\nSome type references behind them:\n{string.Join('\n', reasons)}");
        Assert.IsGreaterThan(10, graph.Nodes.Count, "the graph was read from the real assembly");
    }

    [TestMethod]
    public void EveryFolderSitsInABandAndUsesOnlyItsOwnBandOrLower()
    {
        var graph = NamespaceGraph.Load(typeof(ServiceCollectionExtensions).Assembly.Location, "ImageSearch.Core");
        var band = Bands.SelectMany((folders, i) => folders.Select(f => (Folder: f, Band: i))).ToDictionary(x => x.Folder, x => x.Band);
        for (var i = Bands.Length - 1; i >= 0; i--)
        {
            TestContext.WriteLine($"band {i}: " + string.Join("  ", Bands[i].Select(f => $"{f} -> [{string.Join(", ", graph.Uses(f).Keys.Order(StringComparer.Ordinal))}]")));
        }

        var unplaced = graph.Nodes.Where(n => !band.ContainsKey(n)).ToList();
        var upward = graph.Nodes.Where(band.ContainsKey)
            .SelectMany(from => graph.Uses(from).Keys.Where(to => band.TryGetValue(to, out var b) && b > band[from]).Select(to => (from, to)))
            .Select(e => $"{e.from} -> {e.to} ({string.Join("; ", graph.Why(e.from, e.to).Take(3).Select(r => $"{r.From} uses {r.To}"))})")
            .ToList();

        Assert.IsEmpty(unplaced, "new folders need a band here and in the README: " + string.Join(", ", unplaced));
        Assert.IsEmpty(upward, "folders using a higher band:\n" + string.Join('\n', upward));
    }

    [TestMethod]
    public void CoreReferencesNeitherAspNetCoreNorTheFunctionsWorker()
    {
        var graph = NamespaceGraph.Load(typeof(ServiceCollectionExtensions).Assembly.Location, "ImageSearch.Core");

        var host = graph.ReferencedAssemblies.Where(a => HostAssemblyPrefixes.Any(p => a.StartsWith(p, StringComparison.Ordinal))).ToList();

        Assert.IsEmpty(host, "Core must not know HTTP hosting: " + string.Join(", ", host));
        CollectionAssert.Contains(graph.ReferencedAssemblies.ToList(), "Azure.Storage.Blobs", "referenced assemblies were read");
    }

    [TestMethod]
    public void GraphSeesFullyQualifiedAndIlOnlyReferences()
    {
        var graph = NamespaceGraph.Load(typeof(CoreLayeringTests).Assembly.Location, "ImageSearch.Tests.Layering.Fixture");

        CollectionAssert.AreEqual(new[] { "Left", "Right" }, graph.Nodes.ToList());
        Assert.AreEqual(1, graph.Uses("Left")["Right"]);
        Assert.AreEqual(1, graph.Uses("Right")["Left"]);
        var cycle = graph.Cycles().Single();
        CollectionAssert.AreEqual(new[] { "Left", "Right" }, cycle.ToList());
        CollectionAssert.AreEqual(new[] { ("Left", "Right") }, graph.MutualPairs().ToList());
    }
}
