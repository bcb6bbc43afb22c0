using System.Reflection;
using System.Text.Json;
using ImageSearch.Functions;
using ImageSearch.Functions.Standalone;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Tests.Standalone;

/// <summary>
/// Standalone mode serves what the build's functions.metadata lists (the file the Functions host indexes) and refuses,
/// at start-up and with the host's message, what the host would mark "in error".
/// </summary>
[TestClass]
public sealed class FunctionsMetadataTests
{
    private static readonly string BuiltMetadata = Path.Combine(AppContext.BaseDirectory, FunctionsMetadata.FileName);

    private static Assembly App => typeof(AppServices).Assembly;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void TheBuildsMetadataListsEveryFunctionOfTheAppWithItsTrigger()
    {
        // Independently of the metadata: the [Function] methods of the app, by reflection.
        var declared = App.GetTypes().SelectMany(t => t.GetMethods())
            .Select(m => (Method: m, Name: m.GetCustomAttribute<FunctionAttribute>()?.Name)).Where(x => x.Name is not null).ToList();

        var functions = FunctionsMetadata.Load(BuiltMetadata, App);

        CollectionAssert.AreEquivalent(declared.Select(d => d.Name).ToList(), functions.Select(f => f.Name).ToList());
        foreach (var function in functions)
        {
            Assert.AreSame(declared.Single(d => d.Name == function.Name).Method, function.Method, function.Name);
        }

        var import = functions.Single(f => f.Name == "ImportCatalogImage").Http!;
        Assert.AreEqual(("catalog/items", AuthorizationLevel.Function), (import.Route, import.AuthLevel));
        CollectionAssert.AreEqual(new[] { "POST" }, import.Methods.ToArray());
        var batch = functions.Single(f => f.Name == "ImportCatalogBatch").Http!;
        Assert.AreEqual(("catalog/batches", AuthorizationLevel.Function), (batch.Route, batch.AuthLevel));
        CollectionAssert.AreEqual(new[] { "POST" }, batch.Methods.ToArray());
        Assert.AreEqual("0 */5 * * * *", functions.Single(f => f.Name == "CleanupIdleSessions").Schedule);
    }

    [TestMethod]
    [DataRow("admin/catalog")]
    [DataRow("/Runtime/status")]
    [DataRow("administrators")]
    public async Task ARouteInTheHostsReservedSpaceStopsTheAppWithTheHostsMessage(string route)
    {
        var metadata = Metadata(Http("Import", "ImageSearch.Functions.Functions.CatalogFunctions.Import", route, "post"));

        var refused = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => StartAsync(metadata));

        Assert.AreEqual("The 'Import' function is in error: The specified route conflicts with one or more built in routes.", refused.Message);
    }

    [TestMethod]
    public async Task TwoFunctionsOnOneRouteWithASharedMethodStopTheApp()
    {
        var metadata = Metadata(
            Http("First", "ImageSearch.Functions.Functions.HealthFunction.Run", "things", "get", "post"),
            Http("Second", "ImageSearch.Functions.Functions.OpenApiFunction.Run", "Things/", "post"));

        var refused = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => StartAsync(metadata));

        Assert.AreEqual("The 'Second' function is in error: The route specified conflicts with the route defined by function 'First'.", refused.Message);
    }

    [TestMethod]
    public void OneRouteWithDisjointMethodsIsAccepted()
    {
        var functions = FunctionsMetadata.Load(Metadata(
            Http("Read", "ImageSearch.Functions.Functions.HealthFunction.Run", "things", "get"),
            Http("Write", "ImageSearch.Functions.Functions.OpenApiFunction.Run", "things", "post")), App);

        Assert.HasCount(2, functions);
    }

    [TestMethod]
    public async Task AnInvalidRouteTemplateStopsTheAppNamingTheFunction()
    {
        var refused = await Assert.ThrowsExactlyAsync<InvalidOperationException>(
            () => StartAsync(Metadata(Http("Broken", "ImageSearch.Functions.Functions.HealthFunction.Run", "items/{id", "get"))));

        StringAssert.StartsWith(refused.Message, "The 'Broken' function is in error: The route template 'items/{id' is invalid");
    }

    [TestMethod]
    public void AnEntryPointThatIsNotAMethodOfTheAppIsRefused()
    {
        var refused = Assert.ThrowsExactly<InvalidOperationException>(
            () => FunctionsMetadata.Load(Metadata(Http("Ghost", "ImageSearch.Functions.Functions.Nowhere.Run", "ghost", "get")), App));

        StringAssert.StartsWith(refused.Message, "The 'Ghost' function is in error: entry point 'ImageSearch.Functions.Functions.Nowhere.Run'");
    }

    [TestMethod]
    public async Task AParameterStandaloneCannotBindStopsTheAppNamingIt()
    {
        // Health takes no route value named "id": standalone mode cannot give "sessionId"-style parameters a value here.
        var refused = await Assert.ThrowsExactlyAsync<NotSupportedException>(
            () => StartAsync(Metadata(Http("Session", "ImageSearch.Functions.Functions.SessionFunctions.Get", "sessions/{id}", "get"))));

        StringAssert.Contains(refused.Message, "parameter 'sessionId'");
    }

    private Task StartAsync(string metadata) => ImageSearchApp.StartAsync($"--Standalone:FunctionsMetadata={metadata}");

    private string Metadata(params object[] functions)
    {
        var path = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), $"{Guid.NewGuid():N}.functions.metadata");
        File.WriteAllText(path, JsonSerializer.Serialize(functions));
        return path;
    }

    // The shape the worker SDK writes (see bin/.../functions.metadata).
    private static object Http(string name, string entryPoint, string route, params string[] methods) => new
    {
        name,
        scriptFile = "ImageSearch.Functions.dll",
        entryPoint,
        language = "dotnet-isolated",
        bindings = new object[]
        {
            new { name = "request", direction = "In", type = "httpTrigger", authLevel = "Anonymous", methods, route },
            new { name = "$return", type = "http", direction = "Out" },
        },
    };
}
