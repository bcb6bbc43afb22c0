using ImageSearch.Core.Models.Clip;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageSearch.Tests.Clip;

[TestClass]
public sealed class ClipRegistrationTests
{
    [TestMethod]
    public void ClipSectionBindsAndBothTowersResolve()
    {
        using var provider = Build(new() { ["Clip:ModelDirectory"] = "/models/clip", ["Clip:BatchSize"] = "8", ["Clip:IntraOpNumThreads"] = "1" });

        var options = provider.GetRequiredService<IOptions<ClipOptions>>().Value;

        Assert.AreEqual(8, options.BatchSize);
        Assert.AreEqual(Path.Combine("/models/clip", "onnx", "text_model.onnx"), options.TextModelPath);
        Assert.IsFalse(provider.GetRequiredService<ClipTextEmbedder>().IsAvailable, "nothing is downloaded at /models/clip");
        Assert.IsNotNull(provider.GetRequiredService<ClipImageEmbedder>());
        Assert.IsNotNull(provider.GetRequiredService<ClipScorer>());
    }

    [TestMethod]
    public void BatchSizeOfZeroIsRejected()
    {
        using var provider = Build(new() { ["Clip:BatchSize"] = "0" });

        var e = Assert.ThrowsExactly<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ClipOptions>>().Value);

        StringAssert.Contains(e.Message, nameof(ClipOptions.BatchSize));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddClip().BuildServiceProvider();
    }
}
