using System.Text.Json.Nodes;

namespace ImageSearch.Tests.Infra;

/// <summary>Reads resources out of a compiled ARM template, including those of nested deployments (Bicep modules).</summary>
public static class ArmTemplate
{
    /// <summary>Every resource of the template and of its nested templates, depth first.</summary>
    public static IEnumerable<JsonObject> Resources(JsonObject template)
    {
        // "resources" is an array, or an object keyed by symbolic name when the template uses languageVersion 2.0.
        IEnumerable<JsonNode?> resources = template["resources"] switch
        {
            JsonArray array => array,
            JsonObject byName => byName.Select(pair => pair.Value),
            _ => [],
        };
        foreach (var resource in resources.OfType<JsonObject>())
        {
            yield return resource;
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Resources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The one resource of <paramref name="type"/>; fails if there is none or more than one.</summary>
    public static JsonObject Single(JsonObject template, string type)
    {
        var matches = Resources(template).Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.HasCount(1, matches, $"Expected exactly one {type} in the compiled template.");
        return matches[0];
    }

    /// <summary>The nested template of the module deployment named <paramref name="name"/> (Bicep <c>module x '...' = { name: ... }</c>).</summary>
    public static JsonObject Module(JsonObject template, string name)
    {
        var matches = Resources(template)
            .Where(r => string.Equals((string?)r["type"], "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase)
                && string.Equals((string?)r["name"], name, StringComparison.Ordinal))
            .ToList();
        Assert.HasCount(1, matches, $"Expected exactly one module deployment named {name}.");
        return matches[0]["properties"]!["template"]!.AsObject();
    }

    /// <summary>A literal string at <paramref name="node"/>; ARM expressions ("[...]") are not literals.</summary>
    public static string Literal(JsonNode? node, string what)
    {
        var text = node?.GetValue<string>() ?? throw new AssertFailedException($"{what} is missing.");
        Assert.IsFalse(text.StartsWith('[') && text.EndsWith(']'), $"{what} must be a literal in the template, not the expression {text}.");
        return text;
    }
}
