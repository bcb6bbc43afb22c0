namespace ImageSearch.Tests.Contract;

/// <summary>
/// The contract is a valid OpenAPI 3.1 document (Redocly's rules), and the page's JavaScript type-checks against the types
/// generated from it (openapi-typescript, then <c>tsc --checkJs</c> over static-site/*.js with their JSDoc types): a field
/// the page reads that a response does not have, or a request field the contract does not take, fails here.
/// </summary>
[TestClass]
public sealed class ContractToolingTests
{
    [TestMethod]
    public async Task ContractIsAValidOpenApi31Document()
    {
        var lint = await NodeTools.RunScriptAsync("lint.mjs", NodeTools.ContractFile);

        Assert.AreEqual(0, lint.ExitCode, lint.ToString());
    }

    [TestMethod]
    public async Task LintRejectsAnInvalidDocument()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"openapi-{Guid.NewGuid():N}.json");
        var text = await File.ReadAllTextAsync(NodeTools.ContractFile);
        await File.WriteAllTextAsync(broken, text.Replace("\"operationId\": \"Health\",", "\"operationId\": \"Health\", \"ok\": true,", StringComparison.Ordinal));
        try
        {
            var lint = await NodeTools.RunScriptAsync("lint.mjs", broken);

            Assert.AreEqual(1, lint.ExitCode, lint.ToString());
            StringAssert.Contains(lint.StandardOutput, "Property `ok` is not expected here");
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [TestMethod]
    public async Task PageScriptsTypeCheckAgainstTheContract()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(NodeTools.GeneratedTypes)!);
        var generate = await NodeTools.RunAsync("openapi-typescript", NodeTools.ContractFile, "--output", NodeTools.GeneratedTypes);
        Assert.AreEqual(0, generate.ExitCode, generate.ToString());

        var check = await NodeTools.RunAsync("tsc", "--project", Path.Combine(NodeTools.Folder, "contract", "tsconfig.json"));

        Assert.AreEqual(0, check.ExitCode, "static-site/*.js disagree with the contract:\n" + check.StandardOutput + check.StandardError);
    }
}
