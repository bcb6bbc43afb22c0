using ImageSearch.Tests.Infrastructure;

namespace ImageSearch.Tests.Contract;

/// <summary>
/// The npm tools pinned in tools/package.json (installed by scripts/test.sh with <c>npm ci</c>): openapi-typescript, the
/// TypeScript compiler and Redocly's OpenAPI linter. A missing tool fails the test that needs it.
/// </summary>
public static class NodeTools
{
    public static string Folder { get; } = Path.Combine(RepoPaths.Root, "tools");

    /// <summary>Where the types generated from the contract go (git-ignored); tools/contract/tsconfig.json reads them there.</summary>
    public static string GeneratedTypes { get; } = Path.Combine(RepoPaths.Root, ".artifacts", "contract", "imagesearch-api.d.ts");

    public static string ContractFile { get; } = Path.Combine(RepoPaths.Root, "static-site", "openapi.json");

    /// <summary>Runs tools/node_modules/.bin/<paramref name="tool"/>.</summary>
    public static Task<ToolRun> RunAsync(string tool, params string[] arguments)
    {
        var path = Path.Combine(Folder, "node_modules", ".bin", tool);
        return File.Exists(path)
            ? ToolProcess.RunAsync(path, arguments, TimeSpan.FromMinutes(3))
            : throw new FileNotFoundException($"{tool} is not installed: run scripts/test.sh (it runs npm ci in tools/).", path);
    }

    /// <summary>Runs a script of tools/contract with node.</summary>
    public static Task<ToolRun> RunScriptAsync(string script, params string[] arguments) =>
        ToolProcess.RunAsync("node", [Path.Combine(Folder, "contract", script), .. arguments], TimeSpan.FromMinutes(3));
}
