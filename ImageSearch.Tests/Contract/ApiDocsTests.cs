using System.Text.Json;
using System.Text.RegularExpressions;
using ImageSearch.Tests.Infrastructure;

namespace ImageSearch.Tests.Contract;

/// <summary>
/// docs/api.md says nothing the contract does not: its endpoints are the contract's operations, its problem table is the
/// contract's problem types with their statuses, every JSON example fits the schema it is marked with, and every field,
/// value, header and schema it names in <c>code</c> exists in the contract.
/// </summary>
[TestClass]
public sealed partial class ApiDocsTests
{
    private static readonly string Docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "api.md"));

    private static ApiContract Contract => ApiContract.Current;

    [TestMethod]
    public void EndpointsAreTheContractsOperations()
    {
        var documented = EndpointHeading().Matches(Docs).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").Order().ToList();

        CollectionAssert.AreEqual(Contract.Operations.Select(o => o.ToString()).Order().ToList(), documented);
    }

    [TestMethod]
    public void ProblemTableIsTheContractsProblemTypes()
    {
        var documented = ProblemRow().Matches(Docs).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").Order().ToList();

        CollectionAssert.AreEqual(Contract.ProblemTypes.Select(p => $"{p.Name} {p.Status}").Order().ToList(), documented);
    }

    [TestMethod]
    public void EveryJsonExampleFitsItsSchema()
    {
        var blocks = JsonBlock().Matches(Docs).ToList();
        Assert.IsGreaterThan(8, blocks.Count);
        foreach (var block in blocks)
        {
            Assert.IsTrue(block.Groups["schema"].Success, "a JSON example without a <!-- schema: Name --> line before it:\n" + block.Value);
            var schema = block.Groups["schema"].Value;
            Assert.IsTrue(Contract.Schemas.TryGetProperty(schema, out _), $"docs/api.md names schema {schema}, which the contract does not have");
            var violations = ContractValidator.Errors(Contract.SchemaAt($"/components/schemas/{schema}"), JsonDocument.Parse(block.Groups["json"].Value).RootElement);
            Assert.IsEmpty(violations, $"the {schema} example in docs/api.md does not fit the contract:\n{string.Join("\n", violations)}");
        }
    }

    [TestMethod]
    public void FieldsValuesHeadersAndSchemasNamedInTheDocsExistInTheContract()
    {
        var fields = Names(Contract.Document, "properties").Concat(Names(Contract.Document, "parameters")).ToHashSet(StringComparer.Ordinal);
        var text = Contract.Document.GetRawText();
        var components = Contract.Document.GetProperty("components");
        var requestHeaders = components.GetProperty("parameters").EnumerateObject()
            .Where(p => p.Value.GetProperty("in").GetString() == "header").Select(p => p.Value.GetProperty("name").GetString()!);
        var headers = Names(Contract.Document, "headers").Concat(Strings(components.GetProperty("securitySchemes"))).Concat(requestHeaders)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var schemas = Contract.Schemas.EnumerateObject().Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        var unknown = Code().Matches(Docs).Select(m => m.Groups[1].Value).Distinct().Where(code => code switch
        {
            _ when CamelCase().IsMatch(code) => !fields.Contains(code),
            _ when KebabCase().IsMatch(code) => !Regex.IsMatch(text, $@"(?<![\w-]){Regex.Escape(code)}(?![\w-])"), // a value, type or name
            _ when HeaderName().Match(code) is { Success: true } header => !headers.Contains(header.Groups[1].Value),
            _ when PascalCase().IsMatch(code) => !schemas.Contains(code),
            _ => false,
        }).ToList();

        Assert.IsEmpty(unknown, "docs/api.md names what the contract does not have: " + string.Join(", ", unknown));
    }

    /// <summary>The names of every object under a member called <paramref name="member"/> (property, parameter and header names).</summary>
    private static IEnumerable<string> Names(JsonElement element, string member) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            (p.Name == member && p.Value.ValueKind == JsonValueKind.Object ? p.Value.EnumerateObject().Select(c => c.Name) : [])
            .Concat(p.Name == member && p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().SelectMany(i => Strings(i)) : [])
            .Concat(Names(p.Value, member))),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(e => Names(e, member)),
        _ => [],
    };

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.String => [element.GetString()!],
        _ => [],
    };

    [GeneratedRegex(@"^### `(GET|POST|PUT|PATCH|DELETE) (/api/[^`\s]+)`", RegexOptions.Multiline)]
    private static partial Regex EndpointHeading();

    [GeneratedRegex(@"^\| `([a-z-]+)` \| (\d{3}) \|", RegexOptions.Multiline)]
    private static partial Regex ProblemRow();

    [GeneratedRegex(@"(?:<!-- schema: (?<schema>\w+) -->\n)?```json\n(?<json>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex(@"`([^`\n]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"^[a-z]+[A-Z][A-Za-z]*$")]
    private static partial Regex CamelCase();

    [GeneratedRegex(@"^[a-z]+(?:-[a-z]+)+$")]
    private static partial Regex KebabCase();

    [GeneratedRegex(@"^([A-Za-z]+(?:-[A-Za-z]+)+)(?::.*)?$")]
    private static partial Regex HeaderName();

    [GeneratedRegex(@"^(?:[A-Z][a-z]+)+$")]
    private static partial Regex PascalCase();
}
