using ImageSearch.Core.Captioning;
using ImageSearch.Core.Errors;
using ImageSearch.Core.Models.Generation;
using ImageSearch.Core.Refinement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Tests.Generation;

/// <summary>
/// AddGeneration as the app uses it, with the rule-based refiner also registered as an <see cref="IQueryRefiner"/> (the
/// lead's registration). Start-up: one warning per unusable model, the stage's choice logged, nothing thrown.
/// </summary>
[TestClass]
public sealed class GenerationRegistrationTests
{
    private static DirectoryInfo s_root = null!;

    [ClassInitialize]
    public static void CreateRoot(TestContext context) => s_root = Directory.CreateTempSubdirectory("generation-registration-");

    [ClassCleanup]
    public static void DeleteRoot() => s_root?.Delete(recursive: true);

    [TestMethod]
    public void ModelsAreSingletonsSharedWithTheirInterfacesAndRegisteredOnce()
    {
        var services = new ServiceCollection().AddLogging();
        var configuration = new ConfigurationBuilder().Build();
        services.AddGeneration(configuration).AddGeneration(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.AreSame(provider.GetRequiredService<OnnxCaptioner>(), provider.GetServices<ICaptioner>().Single());
        Assert.AreSame(provider.GetRequiredService<LlmQueryRewriter>(), provider.GetServices<IQueryRefiner>().Single());
        Assert.AreSame(provider.GetRequiredService<RuleBasedRefiner>(), provider.GetRequiredService<RuleBasedRefiner>());
        Assert.HasCount(1, provider.GetServices<IHostedService>().OfType<GenerationStartupCheck>());
    }

    [TestMethod]
    [DataRow("Captioner:NumBeams", "0", nameof(CaptionerOptions.NumBeams))]
    [DataRow("Captioner:MaxLength", "1", nameof(CaptionerOptions.MaxLength))]
    [DataRow("QueryRewriter:DeadlineMilliseconds", "5", nameof(QueryRewriterOptions.DeadlineMilliseconds))]
    [DataRow("QueryRewriter:ModelDirectory", "", nameof(QueryRewriterOptions.ModelDirectory))]
    public void InvalidSettingFailsAtStart(string key, string value, string property)
    {
        using var provider = Build(new() { [key] = value });

        var error = Assert.ThrowsExactly<OptionsValidationException>(provider.GetRequiredService<IStartupValidator>().Validate);

        StringAssert.Contains(error.Message, property);
    }

    [TestMethod]
    public void SelectorsPreferLoadedModelsAndListEveryOneWithItsStatus()
    {
        var captioner = TinyCaptioner.Write(Path.Combine(s_root.FullName, "captioner"));
        using var provider = Build(new() { ["Captioner:ModelDirectory"] = captioner, ["QueryRewriter:ModelDirectory"] = Missing() });
        var captioners = provider.GetRequiredService<CaptionerSelector>();
        var refiners = provider.GetRequiredService<RefinerSelector>();

        Assert.AreEqual("vit-gpt2", captioners.Active.Name);
        Assert.AreEqual("rules", refiners.Active.Name, "distilgpt2 is not downloaded");
        CollectionAssert.AreEqual(new[] { "distilgpt2", "rules" }, refiners.All.Select(r => r.Name).ToArray(), "by priority");
        Assert.IsFalse(refiners.All[0].Status.IsAvailable);
        StringAssert.Contains(refiners.All[0].Status.Detail, "not downloaded");
    }

    [TestMethod]
    public void NoUsableCaptionerIsA503()
    {
        using var provider = Build(new() { ["Captioner:ModelDirectory"] = Missing() });

        var e = Assert.ThrowsExactly<ImageSearchException>(() => provider.GetRequiredService<CaptionerSelector>().Active);

        Assert.AreEqual(ErrorKind.Unavailable, e.Kind);
    }

    [TestMethod]
    public async Task StartupCheckWarnsOncePerUnusableModelAndKeepsRunning()
    {
        var corrupt = TinyCaptioner.Write(Path.Combine(s_root.FullName, "corrupt"));
        await File.WriteAllTextAsync(Path.Combine(corrupt, "onnx", "encoder_model.onnx"), "<html>404</html>");
        using var logs = new LogCollector();
        using var provider = Build(new() { ["Captioner:ModelDirectory"] = corrupt, ["QueryRewriter:ModelDirectory"] = Missing() }, logs);
        var check = provider.GetServices<IHostedService>().OfType<GenerationStartupCheck>().Single();

        await check.StartAsync(CancellationToken.None);
        await check.ExecuteTask!;
        await check.StopAsync(CancellationToken.None);

        var entries = logs.Entries.Where(e => e.Category.EndsWith(nameof(GenerationStartupCheck), StringComparison.Ordinal)).ToList();
        var warnings = entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.HasCount(2, warnings, string.Join("\n", warnings));
        Assert.IsTrue(warnings.Any(w => w.Contains("model vit-gpt2 is unavailable", StringComparison.Ordinal) && w.Contains("encoder_model.onnx", StringComparison.Ordinal)));
        Assert.IsTrue(warnings.Any(w => w.Contains("model distilgpt2 is unavailable", StringComparison.Ordinal) && w.Contains("not downloaded", StringComparison.Ordinal)));
        CollectionAssert.Contains(entries.Select(e => e.Message).ToList(), "Captioning uses none");
        CollectionAssert.Contains(entries.Select(e => e.Message).ToList(), "Query refinement uses rules");
        Assert.IsFalse(entries.Any(e => e.Level >= LogLevel.Error));
    }

    private static string Missing() => Path.Combine(s_root.FullName, "missing-" + Guid.NewGuid().ToString("N"));

    private static ServiceProvider Build(Dictionary<string, string?> settings, LogCollector? logs = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging(builder => builder.AddProvider(logs ?? new LogCollector()))
            .AddGeneration(configuration)
            .AddSingleton<IQueryRefiner>(provider => provider.GetRequiredService<RuleBasedRefiner>())
            .BuildServiceProvider();
    }
}
