using System.Text.Json;
using Json.Schema;

namespace ImageSearch.Tests.Contract;

/// <summary>
/// Checks one API response against the contract: the operation exists, the status is documented for it, required headers
/// are there and fit their schema, the media type is one the contract names, and a JSON body fits the schema exactly
/// (the contract's objects are closed: <c>additionalProperties: false</c> and every field <c>required</c>).
/// Paths outside <c>/api/</c> (the page's files) are not part of the contract.
/// </summary>
public static class ContractValidator
{
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.Hierarchical };

    /// <summary>The ways <paramref name="exchange"/> breaks the contract; empty when it keeps it.</summary>
    public static IReadOnlyList<string> Validate(ApiExchange exchange, ApiContract? contract = null)
    {
        contract ??= ApiContract.Current;
        if (!exchange.Path.StartsWith("/api/", StringComparison.Ordinal))
        {
            return [];
        }

        var candidates = contract.Operations.Where(o => o.Matches(exchange.Path)).ToList();
        var operation = candidates.Where(o => o.Method == exchange.Method).MaxBy(o => o.Literals);
        if (operation is null)
        {
            // Not an operation of the API: the route is unknown or the method is not one of the path's. The Functions host
            // answers both with an empty 404, and standalone mode does the same.
            return exchange.Status == 404 ? [] : [$"{exchange}: not an operation of the contract, yet answered {exchange.Status}, not 404"];
        }

        var responses = operation.Definition.GetProperty("responses");
        if (!responses.TryGetProperty(exchange.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var declared))
        {
            return [$"{exchange}: status {exchange.Status} is not documented for {operation} (documented: {string.Join(", ", responses.EnumerateObject().Select(r => r.Name))})"];
        }

        var (response, pointer) = contract.Resolve(declared, $"{operation.Pointer}/responses/{exchange.Status}");
        return [.. Headers(contract, exchange, response, pointer, operation), .. Content(contract, exchange, response, pointer, operation)];
    }

    private static IEnumerable<string> Headers(ApiContract contract, ApiExchange exchange, JsonElement response, string responsePointer, ContractOperation operation)
    {
        if (!response.TryGetProperty("headers", out var headers))
        {
            yield break;
        }

        foreach (var header in headers.EnumerateObject())
        {
            var (definition, pointer) = contract.Resolve(header.Value, $"{responsePointer}/headers/{ApiContract.Escape(header.Name)}");
            var required = definition.TryGetProperty("required", out var r) && r.GetBoolean();
            if (!exchange.Headers.TryGetValue(header.Name, out var value))
            {
                if (required)
                {
                    yield return $"{exchange}: header {header.Name} is required by {operation}";
                }

                continue;
            }

            var schema = contract.SchemaAt(pointer + "/schema");
            foreach (var error in Errors(schema, JsonSerializer.SerializeToElement(value)))
            {
                yield return $"{exchange}: header {header.Name} \"{value}\": {error}";
            }
        }
    }

    private static IEnumerable<string> Content(ApiContract contract, ApiExchange exchange, JsonElement response, string pointer, ContractOperation operation)
    {
        if (!response.TryGetProperty("content", out var content))
        {
            if (exchange.Body is { Length: > 0 })
            {
                yield return $"{exchange}: {operation} documents no body for {exchange.Status}, yet {exchange.Body!.Length} bytes came";
            }

            yield break;
        }

        if (exchange.MediaType is null || !content.TryGetProperty(exchange.MediaType, out _))
        {
            yield return $"{exchange}: media type {exchange.MediaType ?? "(none)"} is not one of {string.Join(", ", content.EnumerateObject().Select(c => c.Name))}";
            yield break;
        }

        if (exchange.Body is null)
        {
            yield break;
        }

        if (!IsJson(exchange.MediaType))
        {
            if (exchange.Body.Length == 0)
            {
                yield return $"{exchange}: the {exchange.MediaType} body is empty";
            }

            yield break;
        }

        if (ParseJson(exchange.Body) is not { } body)
        {
            yield return $"{exchange}: the body is not JSON";
            yield break;
        }

        foreach (var error in Errors(contract.SchemaAt($"{pointer}/content/{ApiContract.Escape(exchange.MediaType)}/schema"), body))
        {
            yield return $"{exchange}: {error}";
        }
    }

    private static JsonElement? ParseJson(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsJson(string mediaType) => mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);

    /// <summary>The errors of the failing branches only (a passing <c>oneOf</c> branch's siblings failed on purpose).</summary>
    public static List<string> Errors(JsonSchema schema, JsonElement instance)
    {
        var result = schema.Evaluate(instance, Evaluation);
        var errors = new List<string>();
        Collect(result, errors);
        return result.IsValid ? [] : errors.Count > 0 ? errors : ["does not match the schema"];
    }

    private static void Collect(EvaluationResults node, List<string> errors)
    {
        if (node.IsValid)
        {
            return;
        }

        var at = node.InstanceLocation.ToString() is { Length: > 0 } location ? location : "(root)";
        errors.AddRange((node.Errors ?? new Dictionary<string, string>()).Select(e => $"{at}: {e.Value} [{node.EvaluationPath}]"));
        foreach (var child in node.Details ?? [])
        {
            Collect(child, errors);
        }
    }
}
