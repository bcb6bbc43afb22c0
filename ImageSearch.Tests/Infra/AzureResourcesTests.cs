
using ImageSearch.Core.Storage;

namespace ImageSearch.Tests.Infra;

/// <summary>What the compiled infra/main.bicep deploys: the choices the README promises, read from the ARM JSON.</summary>
[TestClass]
public sealed class AzureResourcesTests
{
    // Containers of the account that are not sessions: the app's, the Functions host's and Flex Consumption's.
    private static readonly string[] OtherContainers =
        ["catalog", "models", "app-package", "azure-webjobs-hosts", "azure-webjobs-secrets", "scm-releases"];

    [TestMethod]
    public async Task FunctionAppRunsDotnet10IsolatedOnFlexConsumption()
    {
        var template = await BicepCli.CompiledMainTemplateAsync();

        var plan = ArmTemplate.Single(template, "Microsoft.Web/serverfarms");
        Assert.AreEqual("FC1", ArmTemplate.Literal(plan["sku"]?["name"], "plan sku"));
        Assert.AreEqual("FlexConsumption", ArmTemplate.Literal(plan["sku"]?["tier"], "plan tier"));
        Assert.IsTrue((bool?)plan["properties"]?["reserved"], "A Flex Consumption plan is Linux (reserved).");

        var site = ArmTemplate.Single(template, "Microsoft.Web/sites");
        StringAssert.Contains(ArmTemplate.Literal(site["kind"], "site kind"), "linux");
        Assert.AreEqual("SystemAssigned", ArmTemplate.Literal(site["identity"]?["type"], "identity"));
        Assert.IsTrue((bool?)site["properties"]?["httpsOnly"]);
        var config = site["properties"]?["functionAppConfig"];
        Assert.AreEqual("dotnet-isolated", ArmTemplate.Literal(config?["runtime"]?["name"], "runtime name"));
        Assert.AreEqual("10.0", ArmTemplate.Literal(config?["runtime"]?["version"], "runtime version"));
        Assert.AreEqual("SystemAssignedIdentity", ArmTemplate.Literal(config?["deployment"]?["storage"]?["authentication"]?["type"], "deployment auth"));
    }

    [TestMethod]
    public async Task StorageAccountAcceptsOnlyEntraIdOverTls12()
    {
        var template = await BicepCli.CompiledMainTemplateAsync();

        var account = ArmTemplate.Single(ArmTemplate.Module(template, "storage"), "Microsoft.Storage/storageAccounts");
        var properties = account["properties"]!;
        Assert.AreEqual("StorageV2", (string?)account["kind"]);
        Assert.IsFalse((bool?)properties["allowSharedKeyAccess"], "Shared keys must be off.");
        Assert.IsFalse((bool?)properties["allowBlobPublicAccess"], "Anonymous blob access must be off.");
        Assert.IsTrue((bool?)properties["supportsHttpsTrafficOnly"]);
        Assert.AreEqual("TLS1_2", (string?)properties["minimumTlsVersion"]);
    }

    [TestMethod]
    public async Task ModelShareIsMountedAtMountsModelsAndTheModelsAreReadThere()
    {
        var template = await BicepCli.CompiledMainTemplateAsync();

        var mount = ArmTemplate.Resources(template).Single(r => (string?)r["type"] == "Microsoft.Web/sites/config"
            && ((string?)r["name"])!.Contains("azurestorageaccounts", StringComparison.Ordinal));
        var models = mount["properties"]!["models"]!;
        Assert.AreEqual("AzureFiles", ArmTemplate.Literal(models["type"], "mount type"));
        var functionApp = ArmTemplate.Module(template, "functionapp");
        Assert.AreEqual("[variables('modelMountPath')]", (string?)models["mountPath"]);
        Assert.AreEqual("/mounts/models", ArmTemplate.Literal(functionApp["variables"]!["modelMountPath"], "mount path"));

        // The share's own account: no public blobs, TLS 1.2, HTTPS only (shared key on only because SMB mounts need it).
        var share = ArmTemplate.Module(template, "modelshare");
        var properties = ArmTemplate.Single(share, "Microsoft.Storage/storageAccounts")["properties"]!;
        Assert.IsFalse((bool?)properties["allowBlobPublicAccess"]);
        Assert.AreEqual("TLS1_2", (string?)properties["minimumTlsVersion"]);
        Assert.IsTrue((bool?)properties["supportsHttpsTrafficOnly"]);
        Assert.AreEqual("SMB", (string?)ArmTemplate.Single(share, "Microsoft.Storage/storageAccounts/fileServices/shares")["properties"]!["enabledProtocols"]);

        // By default (modelSource = fileShare) the model folders point into the mount and nothing is copied at start.
        var modelDirectory = (string?)functionApp["variables"]?["modelDirectory"];
        StringAssert.Contains(modelDirectory, "fileShare");
        Assert.AreEqual("fileShare", (string?)template["parameters"]!["modelSource"]!["defaultValue"]);
    }

    [TestMethod]
    public async Task LifecyclePolicyDeletesBlobsOfSessionContainersOnly()
    {
        var template = await BicepCli.CompiledMainTemplateAsync();
        var policy = ArmTemplate.Single(template, "Microsoft.Storage/storageAccounts/managementPolicies");
        var rules = policy["properties"]!["policy"]!["rules"]!.AsArray().Select(rule => rule!).ToList();
        var prefixes = rules.SelectMany(rule => rule["definition"]!["filters"]!["prefixMatch"]!.AsArray())
            .Select(prefix => ArmTemplate.Literal(prefix, "prefixMatch")).ToList();

        Assert.IsTrue(rules.All(rule => rule["definition"]!["filters"]!["prefixMatch"]!.AsArray().Count <= 10), "At most 10 prefixes per rule.");
        Assert.IsTrue(rules.All(rule => rule["definition"]!["actions"]!["baseBlob"]!["delete"] is not null), "Every rule deletes.");
        for (var i = 0; i < 200; i++)
        {
            var blob = SessionImages.ContainerName(SessionId.StorageKey(SessionId.New())) + "/upload-1.jpg";
            Assert.IsTrue(prefixes.Any(prefix => blob.StartsWith(prefix, StringComparison.Ordinal)), $"No lifecycle rule covers {blob}.");
        }

        foreach (var container in OtherContainers)
        {
            var blob = container + "/s-0-looks-like-a-session.jpg";
            Assert.IsFalse(prefixes.Any(prefix => blob.StartsWith(prefix, StringComparison.Ordinal)), $"A session rule would delete {blob}.");
        }

        var webCache = rules.Single(rule => rule["definition"]!["filters"]!["prefixMatch"]!.AsArray().Any(p => ArmTemplate.Literal(p, "prefixMatch") == "webcache/"));
        Assert.AreEqual(7, (int?)webCache["definition"]!["actions"]!["baseBlob"]!["delete"]!["daysAfterModificationGreaterThan"], "the web cache is bounded");

        var storage = ArmTemplate.Resources(template).Single(r => (string?)r["name"] == "storage");
        Assert.AreEqual(1, (int?)storage["properties"]!["parameters"]!["sessionBlobRetentionDays"]!["value"], "Backstop age in days.");
    }

    [TestMethod]
    public async Task ApiAllowsOnlyTheStaticSiteOrigin()
    {
        var template = await BicepCli.CompiledMainTemplateAsync();

        var cors = ArmTemplate.Single(template, "Microsoft.Web/sites")["properties"]!["siteConfig"]!["cors"]!;
        Assert.AreEqual("[parameters('allowedOrigin')]", (string?)cors["allowedOrigins"]!.AsArray().Single());
        Assert.IsFalse((bool?)cors["supportCredentials"]);
        var api = ArmTemplate.Resources(template).Single(r => (string?)r["name"] == "functionapp");
        var origin = (string?)api["properties"]!["parameters"]!["allowedOrigin"]!["value"];
        StringAssert.StartsWith(origin, "[format('https://{0}', reference(resourceId('Microsoft.Web/staticSites'");
        StringAssert.Contains(origin, ".defaultHostname)]");

        var staticSite = ArmTemplate.Single(template, "Microsoft.Web/staticSites");
        Assert.AreEqual("Free", (string?)staticSite["sku"]!["name"]);
    }

    [TestMethod]
    public async Task IdentityGetsBlobOwnerTableContributorAndTelemetryRoles()
    {
        var template = await BicepCli.CompiledMainTemplateAsync();

        var api = ArmTemplate.Resources(template).Single(r => (string?)r["name"] == "functionapp")["properties"]!["template"]!;
        var roles = api["variables"]!["roles"]!.AsObject().Select(pair => (string?)pair.Value).ToHashSet();
        CollectionAssert.AreEquivalent(
            new[] { "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "3913510d-42f4-4e42-8a64-420c390055eb" },
            roles.ToArray(),
            "Storage Blob Data Owner, Storage Table Data Contributor, Monitoring Metrics Publisher.");
        var assignments = ArmTemplate.Resources(api.AsObject()).Where(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments").ToList();
        Assert.IsNotEmpty(assignments);
        Assert.IsTrue(assignments.All(a => (string?)a["properties"]!["principalType"] == "ServicePrincipal"));
    }

    [TestMethod]
    public async Task OutputsNameTheDeployedEndpoints()
    {
        var template = await BicepCli.CompiledMainTemplateAsync();

        var outputs = template["outputs"]!.AsObject().Select(pair => pair.Key).ToList();
        foreach (var name in new[] { "apiUrl", "siteUrl", "functionAppName", "storageAccountName" })
        {
            CollectionAssert.Contains(outputs, name);
        }

        Assert.IsFalse(outputs.Any(name => name.Contains("key", StringComparison.OrdinalIgnoreCase)), "No output may carry a key.");
    }
}
