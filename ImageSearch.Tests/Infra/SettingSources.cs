using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageSearch.Core.Storage;
using ImageSearch.Tests.Infrastructure;

namespace ImageSearch.Tests.Infra;

/// <summary>The three places setting names live: the options classes, local.settings.sample.json, infra/main.bicep.</summary>
public static class SettingSources
{
    /// <summary>
    /// Every public class of ImageSearch.Core and ImageSearch.Functions with a <c>public const string SectionName</c>:
    /// each public property with a public getter and setter is the setting <c>Section__Property</c>.
    /// </summary>
    public static HashSet<string> CodeSettings()
    {
        var assemblies = new[] { typeof(StorageOptions).Assembly, Assembly.Load("ImageSearch.Functions") };
        var settings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in assemblies.SelectMany(a => a.GetExportedTypes()).Where(t => t.IsClass))
        {
            if (type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is not { IsLiteral: true } field
                || field.GetRawConstantValue() is not string section)
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetSetMethod() is null || property.GetGetMethod() is null || property.GetIndexParameters().Length > 0)
                {
                    continue; // computed (get-only) or not bindable
                }

                Assert.IsTrue(IsScalar(property.PropertyType),
                    $"{type.Name}.{property.Name} is a {property.PropertyType.Name}: nested settings are not handled here yet; extend this test.");
                settings.Add($"{section}__{property.Name}");
            }
        }

        return settings;
    }

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Uri)
            || type == typeof(TimeSpan) || type == typeof(Guid) || type == typeof(DateTimeOffset);
    }

    public static Dictionary<string, string?> SampleValues()
    {
        var path = Path.Combine(RepoPaths.Root, "local.settings.sample.json");
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        var values = JsonNode.Parse(File.ReadAllText(path), documentOptions: options)?["Values"]?.AsObject()
            ?? throw new AssertFailedException("local.settings.sample.json has no Values object.");
        return values.ToDictionary(pair => pair.Key, pair => (string?)pair.Value, StringComparer.Ordinal);
    }

    public static async Task<List<string>> InfraSettingNamesAsync()
    {
        var template = await BicepCli.CompiledMainTemplateAsync();
        var settings = ArmTemplate.Single(template, "Microsoft.Web/sites")["properties"]?["siteConfig"]?["appSettings"]?.AsArray()
            ?? throw new AssertFailedException("The Function App has no siteConfig.appSettings array.");
        return settings.Select(setting => ArmTemplate.Literal(setting?["name"], "app setting name")).ToList();
    }
}
