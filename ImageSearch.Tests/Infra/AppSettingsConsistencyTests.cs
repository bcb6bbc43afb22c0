namespace ImageSearch.Tests.Infra;

/// <summary>
/// One set of setting names. The settings the code reads (every public class with a <c>public const string SectionName</c>:
/// each public settable property is <c>Section__Property</c>), the <c>Values</c> of local.settings.sample.json and the
/// Function App's app settings in infra/main.bicep must agree, apart from the two explicit lists below.
/// </summary>
[TestClass]
public sealed class AppSettingsConsistencyTests
{
    /// <summary>
    /// THE list of deliberate differences between code, sample and infra. Each entry must stay true: a local-only
    /// setting is read by the code and absent from infra; an Azure-only one is read and absent from the sample; a
    /// planned one is set by infra before the code reads it (once the code reads it, it moves to the sample too).
    /// </summary>
    private static readonly Dictionary<string, (Scope Where, string Why)> Exceptions = new()
    {
        ["Storage__ConnectionString"] = (Scope.LocalOnly,
            "Azurite. In Azure the account refuses shared keys: the app uses its managed identity and the service URIs."),
        ["Storage__BlobServiceUri"] = (Scope.AzureOnly, "Managed-identity path; locally the connection string is used."),
        ["Storage__TableServiceUri"] = (Scope.AzureOnly, "Managed-identity path; locally the connection string is used."),
    };

    /// <summary>Settings the Functions host or the platform reads, never the app's options classes.</summary>
    private static readonly Dictionary<string, string> RuntimeSettings = new()
    {
        ["AzureWebJobsStorage"] = "host storage, locally Azurite (UseDevelopmentStorage=true); never in Azure (shared keys are off)",
        ["AzureWebJobsStorage__accountName"] = "host storage in Azure, identity-based",
        ["AzureWebJobsStorage__credential"] = "host storage in Azure: managedidentity",
        ["FUNCTIONS_WORKER_RUNTIME"] = "local only: Flex Consumption refuses it; Azure takes functionAppConfig.runtime (compared with the sample below)",
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "host telemetry",
        ["Standalone__FunctionKey"] = "standalone mode's function key (its stand-in for the host's keys); in Azure and under Core Tools the host's own keys apply",
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "host telemetry with Entra ID (the component has local auth off)",
    };

    /// <summary>App settings a Flex Consumption app refuses, or that need the shared keys the account refuses.</summary>
    private static readonly string[] RefusedInAzure =
    [
        "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTSHARE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "AzureWebJobsStorage",
    ];

    private enum Scope
    {
        LocalOnly,
        AzureOnly,
        PlannedAzureOnly,
    }

    [TestMethod]
    public void CodeSettingsAreFoundByReflection()
    {
        var sections = CodeSettings().Select(name => name[..name.IndexOf("__", StringComparison.Ordinal)]).ToHashSet();

        // Guards the reflection itself: if it found nothing, every other test here would pass vacuously.
        foreach (var section in new[] { "Storage", "Sessions", "Images", "Catalog", "Search", "Admin" })
        {
            Assert.Contains(section, sections);
        }

        Assert.Contains("Storage__ConnectionString", CodeSettings());
        Assert.DoesNotContain("Sessions__IdleTimeout", CodeSettings(), "Get-only properties are not settings.");
    }

    [TestMethod]
    public async Task EverySettingTheCodeReadsIsInTheSampleAndInInfra()
    {
        var sample = SampleSettings();
        var infra = await InfraSettingsAsync();

        var missing = CodeSettings()
            .SelectMany(name => new[]
            {
                !sample.Contains(name) && ScopeOf(name) is not Scope.AzureOnly ? $"{name}: missing from local.settings.sample.json" : null,
                !infra.Contains(name) && ScopeOf(name) is not Scope.LocalOnly ? $"{name}: missing from infra (Function App app settings)" : null,
            })
            .OfType<string>().ToList();

        Assert.IsEmpty(missing, string.Join("\n", missing));
    }

    [TestMethod]
    public void EverySampleSettingIsReadByTheCodeOrTheRuntime()
    {
        var code = CodeSettings();

        var unknown = SampleSettings().Where(name => !code.Contains(name) && !RuntimeSettings.ContainsKey(name)).ToList();

        Assert.IsEmpty(unknown, "Nothing reads these sample settings: " + string.Join(", ", unknown));
    }

    [TestMethod]
    public async Task EveryInfraSettingIsReadByTheCodeOrTheRuntimeOrPlanned()
    {
        var code = CodeSettings();

        var unknown = (await InfraSettingsAsync())
            .Where(name => !code.Contains(name) && !RuntimeSettings.ContainsKey(name) && ScopeOf(name) is not Scope.PlannedAzureOnly)
            .ToList();

        Assert.IsEmpty(unknown, "Nothing reads these infra settings: " + string.Join(", ", unknown));
    }

    [TestMethod]
    public async Task ExceptionListStaysTrue()
    {
        var code = CodeSettings();
        var sample = SampleSettings();
        var infra = await InfraSettingsAsync();
        var wrong = new List<string>();
        foreach (var (name, (where, _)) in Exceptions)
        {
            var (readByCode, inSample, inInfra) = (code.Contains(name), sample.Contains(name), infra.Contains(name));
            var ok = where switch
            {
                Scope.LocalOnly => readByCode && inSample && !inInfra,
                Scope.AzureOnly => readByCode && inInfra && !inSample,
                _ => !readByCode && inInfra && !inSample,
            };
            if (!ok)
            {
                wrong.Add($"{name} ({where}): read by code {readByCode}, in sample {inSample}, in infra {inInfra}");
            }
        }

        Assert.IsEmpty(wrong, "Update the exception list (or the files):\n" + string.Join("\n", wrong));
    }

    [TestMethod]
    public async Task InfraSetsEachSettingOnceAndNoneFlexConsumptionRefuses()
    {
        var names = await InfraSettingNamesAsync();

        var duplicates = names.GroupBy(name => name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.IsEmpty(duplicates, "Set twice: " + string.Join(", ", duplicates));
        var refused = names.Intersect(RefusedInAzure, StringComparer.OrdinalIgnoreCase).ToList();
        Assert.IsEmpty(refused, "Not allowed on Flex Consumption / without shared keys: " + string.Join(", ", refused));
    }

    [TestMethod]
    public async Task SampleWorkerRuntimeMatchesTheFlexRuntimeConfig()
    {
        var template = await BicepCli.CompiledMainTemplateAsync();
        var runtime = ArmTemplate.Single(template, "Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["runtime"]!;

        Assert.AreEqual(SampleValues()["FUNCTIONS_WORKER_RUNTIME"], ArmTemplate.Literal(runtime["name"], "functionAppConfig.runtime.name"));
    }

    private static Scope? ScopeOf(string name) => Exceptions.TryGetValue(name, out var entry) ? entry.Where : null;

    private static HashSet<string> CodeSettings() => SettingSources.CodeSettings();

    private static HashSet<string> SampleSettings() => SettingSources.SampleValues().Keys.ToHashSet(StringComparer.Ordinal);

    private static Dictionary<string, string?> SampleValues() => SettingSources.SampleValues();

    private static Task<List<string>> InfraSettingNamesAsync() => SettingSources.InfraSettingNamesAsync();

    private static async Task<HashSet<string>> InfraSettingsAsync() => (await InfraSettingNamesAsync()).ToHashSet(StringComparer.Ordinal);
}
