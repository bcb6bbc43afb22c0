using System.Text.Json;
using System.Text.RegularExpressions;
using ImageSearch.Core.Search;
using ImageSearch.Tests.Infrastructure;

namespace ImageSearch.Tests.Contract;

/// <summary>
/// The contract against the code it describes: the app serves the one file; the stage names are the pipeline's; every
/// problem type the code can produce is in it (with its status, checked by every test that provokes one) and it promises
/// none that no code produces; every response object is closed, so an unknown or missing field fails the response checks.
/// </summary>
[TestClass]
public sealed partial class ContractDocumentTests
{
    private static ApiContract Contract => ApiContract.Current;

    [TestMethod]
    public async Task AppServesTheContractOfTheStaticSite()
    {
        var app = await ImageSearchApp.SharedWithDemoCatalogAsync();

        using var response = await app.Client.GetAsync("api/openapi.json");

        Assert.AreEqual(200, (int)response.StatusCode);
        CollectionAssert.AreEqual(await File.ReadAllBytesAsync(NodeTools.ContractFile), await response.Content.ReadAsByteArrayAsync(),
            "the served document is static-site/openapi.json as it is now (rebuild after editing it)");
    }

    [TestMethod]
    public void StagesAreThePipelineStagesInPipelineOrder() =>
        CollectionAssert.AreEqual(PipelineStage.All.ToList(), ApiContract.Consts(Contract.Schemas.GetProperty("Stage")).ToList());

    [TestMethod]
    public void EveryProblemTypeTheCodeProducesIsInTheContract()
    {
        var missing = ProducedProblemTypes().Except(Contract.ProblemTypes.Select(p => p.Name)).ToList();

        Assert.IsEmpty(missing, "problem types the code produces that the contract does not name: " + string.Join(", ", missing));
    }

    [TestMethod]
    public void ContractNamesNoProblemTypeThatNoCodeProduces()
    {
        var promised = Contract.ProblemTypes.Select(p => p.Name).Except(ProducedProblemTypes()).ToList();

        Assert.IsEmpty(promised, "problem types the contract promises that no code produces: " + string.Join(", ", promised));
    }

    [TestMethod]
    public void ProblemTypesAreNamedOncePerStatus()
    {
        var types = Contract.ProblemTypes;

        Assert.IsGreaterThan(30, types.Count, string.Join(", ", types));
        Assert.AreEqual(types.Count, types.Distinct().Count(), "a type listed twice under one status");
        CollectionAssert.Contains(types.ToList(), ("session-not-found", 404));
        CollectionAssert.Contains(types.ToList(), ("query-too-long", 400));
    }

    [TestMethod]
    public void EveryResponseObjectIsClosedAndHasEveryFieldRequired()
    {
        var objects = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var operation in Contract.Operations)
        {
            foreach (var response in operation.Definition.GetProperty("responses").EnumerateObject())
            {
                Collect(Contract.Resolve(response.Value, $"{operation.Pointer}/responses/{response.Name}"), objects);
            }
        }

        Assert.IsGreaterThan(12, objects.Count, string.Join(", ", objects.Keys));
        foreach (var (pointer, schema) in objects)
        {
            Assert.IsTrue(schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False,
                $"{pointer}: a response object needs additionalProperties: false");
            var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToList();
            var required = schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order().ToList();
            CollectionAssert.AreEqual(properties, required, $"{pointer}: every field of a response object is required (null where it may be empty)");
        }
    }

    /// <summary>Every object schema under a response: through $ref, properties, items, allOf, oneOf.</summary>
    private static void Collect((JsonElement Element, string Pointer) node, Dictionary<string, JsonElement> objects)
    {
        var (element, pointer) = Contract.Resolve(node.Element, node.Pointer);
        if (element.ValueKind != JsonValueKind.Object || objects.ContainsKey(pointer))
        {
            return;
        }

        if (element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "object"
            && element.TryGetProperty("properties", out _))
        {
            objects[pointer] = element;
        }

        foreach (var child in element.EnumerateObject())
        {
            switch (child.Name)
            {
                case "content" or "properties":
                    foreach (var entry in child.Value.EnumerateObject())
                    {
                        Collect((entry.Value, $"{pointer}/{child.Name}/{ApiContract.Escape(entry.Name)}"), objects);
                    }

                    break;
                case "schema" or "items":
                    Collect((child.Value, $"{pointer}/{child.Name}"), objects);
                    break;
                case "allOf" or "oneOf" or "anyOf":
                    var i = 0;
                    foreach (var entry in child.Value.EnumerateArray())
                    {
                        Collect((entry, $"{pointer}/{child.Name}/{i++}"), objects);
                    }

                    break;
            }
        }
    }

    /// <summary>The problem type names in the product's source: the first argument of its error types, and the mapper's own.</summary>
    private static HashSet<string> ProducedProblemTypes()
    {
        var sources = new[] { "ImageSearch.Core", "ImageSearch.Functions" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, project), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Split(Path.DirectorySeparatorChar).Intersect(["bin", "obj"]).Any());
        var types = sources.SelectMany(file => ProblemType().Matches(File.ReadAllText(file)))
            .Select(m => m.Groups["type"].Value).ToHashSet(StringComparer.Ordinal);
        Assert.IsGreaterThan(30, types.Count, "the scan found the error types: " + string.Join(", ", types));
        return types;
    }

    // throw new RequestValidationException("query-too-long", ...) | new("corrupt-image", 400, ...) |
    // new("download-link-invalid", "Invalid download link", 403, ...) | Create(500, "internal-error", ...)
    [GeneratedRegex("""(?:(?:ImageSearchException|RequestValidationException|ImageRejectedException)\(\s*"(?<type>[a-z]+(?:-[a-z]+)*)")|(?:\bnew\(\s*"(?<type>[a-z]+(?:-[a-z]+)+)"\s*,\s*(?:"[^"]*"\s*,\s*)?(?:\d{3}|ErrorKind\.\w+)\s*,)|(?:\bCreate\(\s*[\w.]+\s*,\s*"(?<type>[a-z]+(?:-[a-z]+)*)")""")]
    private static partial Regex ProblemType();
}
