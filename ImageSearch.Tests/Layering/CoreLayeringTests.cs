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
