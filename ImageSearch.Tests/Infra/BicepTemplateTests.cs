using System.Text.Json.Nodes;

namespace ImageSearch.Tests.Infra;

/// <summary>infra/ compiles and lints clean with the real Bicep CLI, offline, and the linter really is strict.</summary>
[TestClass]
public sealed class BicepTemplateTests
{
    // Rules that are deliberately not errors, with the reason. Every other rule in bicepconfig.json must be "error".
    private static readonly Dictionary<string, string> RulesNotErrors = new()
    {
        // Judges an API version by its age on the day the linter runs: the same template would start failing with time.
        ["use-recent-api-versions"] = "off",
    };

    // Core rules the issue names; bicepconfig.json must keep them (at level error).
    private static readonly string[] RequiredRules =
    [
        "no-unused-params", "no-unused-vars", "secure-parameter-default", "no-hardcoded-env-urls", "use-resource-id-functions",
        "prefer-interpolation", "outputs-should-not-contain-secrets", "simplify-interpolation", "use-stable-resource-identifiers",
        "no-unnecessary-dependson", "no-hardcoded-location", "use-secure-value-for-secure-inputs",
    ];

    [TestMethod]
    public async Task MainTemplateBuildsWithoutWarnings()
    {
        var run = await BicepCli.RunAsync("build", BicepCli.MainBicep, "--stdout");

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual("", run.StandardError.Trim(), "bicep build printed diagnostics.");
        var template = JsonNode.Parse(run.StandardOutput)!.AsObject();
        StringAssert.Contains((string?)template["$schema"], "deploymentTemplate.json");
    }

    [TestMethod]
    public async Task MainTemplatePassesTheLinter()
    {
        var run = await BicepCli.RunAsync("lint", BicepCli.MainBicep);

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        Assert.AreEqual("", run.StandardError.Trim(), "bicep lint printed diagnostics.");
    }

    [TestMethod]
    public void EveryConfiguredLinterRuleIsAnError()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(BicepCli.InfraDirectory, "bicepconfig.json")))!;
        var core = config["analyzers"]?["core"] ?? throw new AssertFailedException("bicepconfig.json has no analyzers.core section.");
        Assert.IsTrue((bool?)core["enabled"], "The core linter must be enabled.");

        var rules = core["rules"]!.AsObject().ToDictionary(pair => pair.Key, pair => (string?)pair.Value?["level"]);
        foreach (var (rule, level) in rules)
        {
            var expected = RulesNotErrors.GetValueOrDefault(rule, "error");
            Assert.AreEqual(expected, level, $"Linter rule {rule}");
        }

        var missing = RequiredRules.Where(rule => !rules.ContainsKey(rule)).ToList();
        Assert.IsEmpty(missing, "Rules missing from bicepconfig.json: " + string.Join(", ", missing));
    }

    [TestMethod]
    public async Task ParametersFileSetsOnlyTemplateParametersAndNoSecret()
    {
        var template = await BicepCli.CompiledMainTemplateAsync();
        var declared = template["parameters"]!.AsObject().ToDictionary(pair => pair.Key, pair => (string?)pair.Value!["type"]);
        var file = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(BicepCli.InfraDirectory, "main.parameters.json")))!;

        foreach (var (name, _) in file["parameters"]!.AsObject())
        {
            Assert.IsTrue(declared.TryGetValue(name, out var type), $"main.parameters.json sets {name}, which main.bicep does not declare.");
            Assert.AreNotEqual("securestring", type, $"{name} is secure: pass it on the command line, not in the file.");
        }

        Assert.AreEqual("securestring", declared["adminApiKey"], "The admin key must be a @secure() parameter.");
    }

    /// <summary>Proves the configuration is live: a template breaking core rules fails lint, each rule reported as an error.</summary>
    [TestMethod]
    public async Task LinterRejectsTemplateBreakingCoreRules()
    {
        var directory = Directory.CreateTempSubdirectory("imagesearch-bicep-");
        try
        {
            File.Copy(Path.Combine(BicepCli.InfraDirectory, "bicepconfig.json"), Path.Combine(directory.FullName, "bicepconfig.json"));
            var bad = Path.Combine(directory.FullName, "bad.bicep");
            await File.WriteAllTextAsync(bad, BadTemplate);

            var run = await BicepCli.RunAsync("lint", bad);

            Assert.AreNotEqual(0, run.ExitCode, "Lint passed a template that breaks the rules.\n" + run);
            string[] expected =
            [
                "no-unused-params", "no-unused-vars", "secure-parameter-default", "prefer-interpolation", "simplify-interpolation",
                "no-hardcoded-env-urls", "outputs-should-not-contain-secrets", "use-stable-resource-identifiers",
                "no-hardcoded-location", "no-unnecessary-dependson",
            ];
            var notReported = expected.Where(rule => !run.StandardError.Contains($"Error {rule}:", StringComparison.Ordinal)).ToList();
            Assert.IsEmpty(notReported, "Rules not reported as errors: " + string.Join(", ", notReported) + "\n" + run);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private const string BadTemplate = """
        param unusedParam string

        @secure()
        param secretWithDefault string = 'not-a-secret-default'

        param stamp string = utcNow()

        var unusedVar = 'x'
        var joined = concat('a', stamp)
        var pointless = '${joined}'

        output url string = 'https://management.azure.com/${pointless}'
        output adminPassword string = secretWithDefault

        resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
          name: 'st${take(stamp, 10)}abc'
          location: 'westeurope'
          sku: { name: 'Standard_LRS' }
          kind: 'StorageV2'
        }

        resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
          parent: account
          name: 'default'
          dependsOn: [account]
        }
        """;
}
