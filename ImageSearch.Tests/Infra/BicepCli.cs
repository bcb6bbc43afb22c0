using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using ImageSearch.Tests.Infrastructure;

namespace ImageSearch.Tests.Infra;

/// <summary>
/// The Bicep CLI of the Azure.Bicep.CommandLine.linux-x64 package, which the test project downloads with
/// <c>PackageDownload</c>. Its folder comes from the NuGetPackageRoot and BicepCliVersion assembly metadata the build
/// writes, so a different NuGet cache (NUGET_PACKAGES, CI) works. A missing CLI fails the test.
/// </summary>
public static class BicepCli
{
    private static readonly Lazy<Task<JsonObject>> MainTemplate = new(CompileMainAsync);

    public static string InfraDirectory { get; } = System.IO.Path.Combine(RepoPaths.Root, "infra");

    public static string MainBicep { get; } = System.IO.Path.Combine(InfraDirectory, "main.bicep");

    public static string Path { get; } = Locate();

    /// <summary>infra/main.bicep compiled to ARM JSON once per test run (the build must be clean).</summary>
    public static Task<JsonObject> CompiledMainTemplateAsync() => MainTemplate.Value;

    public static async Task<BicepRun> RunAsync(params string[] arguments)
    {
        var run = await ToolProcess.RunAsync(Path, arguments, TimeSpan.FromMinutes(2));
        return new BicepRun(run.ExitCode, run.StandardOutput, run.StandardError);
    }

    private static async Task<JsonObject> CompileMainAsync()
    {
        var run = await RunAsync("build", MainBicep, "--stdout");
        if (run.ExitCode != 0 || run.StandardError.Trim().Length > 0)
        {
            throw new InvalidOperationException($"bicep build infra/main.bicep is not clean (exit {run.ExitCode}):\n{run.StandardError}");
        }

        return JsonNode.Parse(run.StandardOutput)?.AsObject()
            ?? throw new InvalidOperationException("bicep build printed no template.");
    }

    private static string Locate()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            throw new PlatformNotSupportedException(
                $"The infra tests use the linux-x64 Bicep CLI package; this machine is {RuntimeInformation.RuntimeIdentifier}.");
        }

        var packageRoot = Metadata("NuGetPackageRoot");
        var version = Metadata("BicepCliVersion");
        var path = System.IO.Path.Combine(packageRoot, "azure.bicep.commandline.linux-x64", version, "tools", "bicep");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The Bicep CLI is missing at {path}: run `dotnet restore ImageSearch.Tests` (PackageDownload).", path);
        }

        // NuGet extracts package files without guaranteeing the execute bit.
        const UnixFileMode Execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | Execute);
        }

        return path;
    }

    private static string Metadata(string key) =>
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"Assembly metadata {key} is missing: see ImageSearch.Tests.csproj.");
}

public sealed record BicepRun(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\nstderr:\n{StandardError}";
}
