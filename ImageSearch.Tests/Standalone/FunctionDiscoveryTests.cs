using System.Reflection;
using ImageSearch.Functions;
using ImageSearch.Functions.Standalone;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Tests.Standalone;

[TestClass]
public sealed class FunctionDiscoveryTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void EveryFunctionOfTheFunctionsAppIsServedStandalone()
    {
        var assembly = typeof(AppServices).Assembly;
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var declared = assembly.GetTypes()
            .SelectMany(type => type.GetMethods(All))
            .Select(method => method.GetCustomAttribute<FunctionAttribute>()?.Name)
            .OfType<string>()
            .ToList();

        var catalog = FunctionCatalog.Discover(assembly);

        CollectionAssert.AreEquivalent(declared, catalog.Http.Select(f => f.Name).Concat(catalog.Timers.Select(f => f.Name)).ToList());
        Assert.IsEmpty(catalog.Skipped);
    }

    [TestMethod]
    public async Task TheRealFunctionsAppStartsStandalone()
    {
        // The real app with its real registrations (settings for a private Azurite; nothing from local.settings.json needed).
        await using var app = await Infrastructure.ImageSearchApp.StartAsync();

        using var response = await app.Client.GetAsync(new Uri("/", UriKind.Relative), TestContext.CancellationToken);

        Assert.AreEqual(System.Net.HttpStatusCode.OK, response.StatusCode, "The repository's static-site/index.html is served at /.");
        Assert.AreEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [TestMethod]
    public void TestFunctionsAreDiscoveredWithRoutesMethodsAndSchedules()
    {
        var catalog = FunctionCatalog.Discover(typeof(HttpTestFunctions).Assembly);

        var item = catalog.Http.Single(f => f.Name == "GetItem");
        Assert.AreEqual("items/{id:int}/{name}", item.Route);
        CollectionAssert.AreEqual(new[] { "GET" }, item.HttpMethods.ToArray());
        CollectionAssert.AreEqual(new[] { "POST", "PUT" }, catalog.Http.Single(f => f.Name == "Echo").HttpMethods.ToArray());
        Assert.AreEqual("DefaultRoute", catalog.Http.Single(f => f.Name == "DefaultRoute").Route);
        Assert.AreEqual("*/1 * * * * *", catalog.Timers.Single(f => f.Name == "EverySecond").Schedule);
        Assert.IsTrue(catalog.Timers.Single(f => f.Name == "OnStartup").RunOnStartup);
    }

    [TestMethod]
    public void ParameterStandaloneCannotBindFailsDiscoveryNamingIt()
    {
        var exception = Assert.Throws<NotSupportedException>(() => FunctionCatalog.Discover([typeof(InvalidFunctions.QueryParameter)]));
        Assert.Contains("'Search'", exception.Message);
        Assert.Contains("'text'", exception.Message);
    }

    [TestMethod]
    public void UnsupportedReturnTypeFailsDiscovery()
    {
        var exception = Assert.Throws<NotSupportedException>(() => FunctionCatalog.Discover([typeof(InvalidFunctions.StringResult)]));
        Assert.Contains("'Hello'", exception.Message);
    }

    [TestMethod]
    public void OtherTriggersAreListedAsSkipped()
    {
        var catalog = FunctionCatalog.Discover([typeof(InvalidFunctions.NoTrigger)]);
        CollectionAssert.AreEqual(new[] { "Manual" }, catalog.Skipped.ToArray());
    }

    [TestMethod]
    [DataRow(typeof(InvalidFunctions.AdminRoute), "admin/catalog")]
    [DataRow(typeof(InvalidFunctions.RuntimeRoute), "Runtime/status")]
    [DataRow(typeof(InvalidFunctions.AdministratorsRoute), "administrators")]
    public void RouteInTheHostsReservedSpaceFailsDiscoveryAsTheHostRefusesIt(Type functions, string route)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.Discover([functions]));
        Assert.Contains($"'{route}'", exception.Message);
        Assert.Contains("The specified route conflicts with one or more built in routes.", exception.Message);
    }

    [TestMethod]
    public void RoutesOutsideTheReservedSpaceAreAccepted()
    {
        Assert.IsFalse(FunctionCatalog.IsReservedRoute("catalog/items"));
        Assert.IsFalse(FunctionCatalog.IsReservedRoute("sessions/{id}/admin"));
        Assert.IsTrue(FunctionCatalog.IsReservedRoute("/ADMIN/x"));
    }

    [TestMethod]
    public void TwoFunctionsOnOneRouteWithASharedMethodFailDiscovery()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.Discover([typeof(InvalidFunctions.SameRoute)]));
        Assert.Contains("conflicts with the route defined by function", exception.Message);
    }

    [TestMethod]
    public void OneRouteWithDisjointMethodsIsAccepted()
    {
        var catalog = FunctionCatalog.Discover([typeof(InvalidFunctions.SameRouteOtherMethods)]);
        Assert.HasCount(2, catalog.Http);
    }

    // Not exported (nested in an internal class), so the standalone hosts of this assembly never see them.
    internal static class InvalidFunctions
    {
        public sealed class QueryParameter
        {
            [Function("Search")]
            public void Search([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "search")] HttpRequest request, string text)
            {
            }
        }

        public sealed class StringResult
        {
            [Function("Hello")]
            public string Hello([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request) => "hello";
        }

        public sealed class AdminRoute
        {
            [Function("Import")]
            public void Import([HttpTrigger(AuthorizationLevel.Function, "post", Route = "admin/catalog")] HttpRequest request)
            {
            }
        }

        public sealed class RuntimeRoute
        {
            [Function("Status")]
            public void Status([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "/Runtime/status")] HttpRequest request)
            {
            }
        }

        public sealed class AdministratorsRoute
        {
            [Function("Administrators")]
            public void Administrators([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "administrators")] HttpRequest request)
            {
            }
        }

        public sealed class SameRoute
        {
            [Function("First")]
            public void First([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "things")] HttpRequest request)
            {
            }

            [Function("Second")]
            public void Second([HttpTrigger(AuthorizationLevel.Anonymous, Route = "Things")] HttpRequest request)
            {
            }
        }

        public sealed class SameRouteOtherMethods
        {
            [Function("Read")]
            public void Read([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "things")] HttpRequest request)
            {
            }

            [Function("Write")]
            public void Write([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "things")] HttpRequest request)
            {
            }
        }

        public sealed class NoTrigger
        {
            [Function("Manual")]
            public void Manual(string input)
            {
            }
        }
    }
}
