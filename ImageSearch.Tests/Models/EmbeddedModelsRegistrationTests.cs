using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Models.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageSearch.Tests.Models;

[TestClass]
public sealed class EmbeddedModelsRegistrationTests
{
    [TestMethod]
    public void EmbeddersAreSingletonsSharedWithTheirInterfaces()
    {
        using var provider = BuildProvider(new Dictionary<string, string?>());

        Assert.AreSame(provider.GetRequiredService<MiniLmTextEmbedder>(), provider.GetRequiredService<ITextEmbedder>());
        Assert.AreSame(provider.GetRequiredService<ResNetImageEmbedder>(), provider.GetRequiredService<IImageEmbedder>());
        Assert.AreSame(provider.GetRequiredService<ITextEmbedder>(), provider.GetRequiredService<ITextEmbedder>());
        Assert.HasCount(1, provider.GetServices<ITextEmbedder>(), "registered twice, listed once");
        Assert.HasCount(1, provider.GetServices<IImageEmbedder>(), "registered twice, listed once");
    }

    [TestMethod]
    public void OptionsBindFromTheEmbeddedModelsSection()
    {
        using var provider = BuildProvider(new Dictionary<string, string?>
        {
            ["EmbeddedModels:IntraOpNumThreads"] = "1",
            ["EmbeddedModels:ModelDirectory"] = "/opt/models",
        });

        var options = provider.GetRequiredService<IOptions<EmbeddedModelOptions>>().Value;

        Assert.AreEqual(1, options.IntraOpNumThreads);
        Assert.AreEqual("/opt/models", options.ResolvedModelDirectory);
    }

    [TestMethod]
    public void DefaultModelDirectoryIsModelsEmbeddedUnderTheApp()
    {
        Assert.AreEqual(Path.Combine(AppContext.BaseDirectory, "models", "embedded"), new EmbeddedModelOptions().ResolvedModelDirectory);
    }

    [TestMethod]
    public void InvalidThreadCountFailsAtStartup()
    {
        using var provider = BuildProvider(new Dictionary<string, string?> { ["EmbeddedModels:IntraOpNumThreads"] = "0" });

        // What the host runs at start because of ValidateOnStart.
        var validator = provider.GetRequiredService<IStartupValidator>();

        var error = Assert.ThrowsExactly<OptionsValidationException>(validator.Validate);
        Assert.Contains(nameof(EmbeddedModelOptions.IntraOpNumThreads), error.Message);
    }

    [TestMethod]
    public void ResNetFilesAreCopiedToTheOutputOfProjectsReferencingCore()
    {
        foreach (var file in new[] { "ResNet18.onnx", "ResNetPreprocess.onnx", "resnet18.preprocess.json" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(TestModels.ModelDirectory, file)), file);
        }
    }

    private static ServiceProvider BuildProvider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddEmbeddedModels(configuration);
        services.AddEmbeddedModels(configuration); // a second call changes nothing
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
