using System.Collections.Concurrent;
using System.Text.Json;
using ImageSearch.Functions.Functions;
using Json.Schema;

namespace ImageSearch.Tests.Contract;

/// <summary>
/// The API contract (static-site/openapi.json) as the app serves it: the document embedded in ImageSearch.Functions, its
/// operations, and JSON Schemas (2020-12, OpenAPI 3.1's dialect) built for any location in it.
/// </summary>
public sealed class ApiContract
{
    /// <summary>The base URI the document is registered under, so that its own <c>#/components/...</c> references resolve.</summary>
    public static readonly Uri BaseUri = new("https://imagesearch.dev/openapi.json");

    public const string ProblemTypeBase = "https://imagesearch.dev/problems/";

    private static readonly Lazy<ApiContract> Shared = new(() => new ApiContract(EmbeddedDocument()));
    private readonly BuildOptions _build;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    public ApiContract(JsonDocument document)
    {
        Document = document.RootElement;
        var registry = new SchemaRegistry();
        registry.Register(new JsonElementBaseDocument(Document, BaseUri));
        _build = new BuildOptions { SchemaRegistry = registry };
        Operations = [.. Document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(m => HttpMethods.Contains(m.Name))
            .Select(m => new ContractOperation(m.Name.ToUpperInvariant(), path.Name, m.Value)))];
    }

    /// <summary>The document the app serves (the same bytes as static-site/openapi.json at build time).</summary>
    public static ApiContract Current => Shared.Value;

    public JsonElement Document { get; }

    public IReadOnlyList<ContractOperation> Operations { get; }

    /// <summary>Every problem type the contract names, with its status: from the <c>Problem{status}</c> schemas.</summary>
    public IReadOnlyList<(string Name, int Status)> ProblemTypes =>
        [.. Schemas.EnumerateObject().Where(s => s.Name.StartsWith("Problem", StringComparison.Ordinal) && s.Name.Length > "Problem".Length)
            .SelectMany(s => Consts(s.Value.GetProperty("properties").GetProperty("type"))
                .Select(type => (Name: type[ProblemTypeBase.Length..], Status: s.Value.GetProperty("properties").GetProperty("status").GetProperty("const").GetInt32())))];

    public JsonElement Schemas => Document.GetProperty("components").GetProperty("schemas");

    /// <summary>The <c>const</c> values of a <c>oneOf</c> of constants (an enumeration with a description per value).</summary>
    public static IReadOnlyList<string> Consts(JsonElement schema) =>
        [.. schema.GetProperty("oneOf").EnumerateArray().Select(o => o.GetProperty("const").GetString()!)];

    /// <summary>The schema at a JSON pointer of the document (e.g. <c>/components/schemas/SearchResponse</c>), built once.</summary>
    public JsonSchema SchemaAt(string pointer) => _schemas.GetOrAdd(pointer, p =>
        JsonSchema.Build(JsonDocument.Parse(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            // A JSON pointer in a URI fragment: each token percent-encoded ("application~1problem+json" has a '+').
            ["$ref"] = BaseUri + "#/" + string.Join('/', p.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString)),
        })).RootElement, _build));

    /// <summary>Follows a <c>$ref</c> inside the document; returns the element and its pointer.</summary>
    public (JsonElement Element, string Pointer) Resolve(JsonElement element, string pointer)
    {
        while (element.TryGetProperty("$ref", out var reference))
        {
            pointer = reference.GetString()!.TrimStart('#');
            element = At(pointer);
        }

        return (element, pointer);
    }

    public JsonElement At(string pointer)
    {
        var element = Document;
        foreach (var token in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            element = element.GetProperty(token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        }

        return element;
    }

    public static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static readonly HashSet<string> HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private static JsonDocument EmbeddedDocument()
    {
        using var stream = typeof(OpenApiFunction).Assembly.GetManifestResourceStream(OpenApiFunction.ResourceName)
            ?? throw new InvalidOperationException($"{OpenApiFunction.ResourceName} is not embedded in ImageSearch.Functions.");
        return JsonDocument.Parse(stream);
    }
}
