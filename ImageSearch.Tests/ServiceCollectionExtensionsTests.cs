using ImageSearch.Core.Captioning;
using ImageSearch.Core.Catalog;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Health;
using ImageSearch.Core.Models.Clip;
using ImageSearch.Core.Models.Embedded;
using ImageSearch.Core.Ranking;
using ImageSearch.Core.Refinement;
using ImageSearch.Core.Sources;
using ImageSearch.Core.Sources.Web;
using ImageSearch.Core.Uploads;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageSearch.Tests;

/// <summary><see cref="Core.ServiceCollectionExtensions.AddImageSearch"/>: the one registration entry point, one binding style.</summary>
[TestClass]
public sealed class ServiceCollectionExtensionsTests
{
    [TestMethod]
    public void EveryStageListsEachImplementationOnceBestFirst()
    {
        using var provider = TestServices.Build(validateOnBuild: true);

        CollectionAssert.AreEqual(new[] { "clip", "embedded" }, provider.GetRequiredService<RankingTierSelector>().All.Select(t => t.Name).ToList());
        CollectionAssert.AreEqual(new[] { "vit-gpt2", "nearest-neighbour" }, provider.GetRequiredService<CaptionerSelector>().All.Select(c => c.Name).ToList());
        CollectionAssert.AreEqual(new[] { "distilgpt2", "rules" }, provider.GetRequiredService<RefinerSelector>().All.Select(r => r.Name).ToList());
        CollectionAssert.AreEqual(new[] { "catalog", "duckduckgo" }, provider.GetServices<IImageSource>().Select(s => s.Name).ToList());
        Assert.AreSame(provider.GetRequiredService<RuleBasedRefiner>(), provider.GetServices<IQueryRefiner>().OfType<RuleBasedRefiner>().Single());
        var embedded = provider.GetServices<IRankingTier>().Single(t => t.Name == "embedded");
        Assert.AreSame(provider.GetRequiredService<MiniLmTextEmbedder>(), embedded.Queries, "one model load per process");
        Assert.AreSame(provider.GetRequiredService<ResNetImageEmbedder>(), embedded.Images);
        Assert.HasCount(1, provider.GetServices<IHostedService>().OfType<ModelWarmup>());
    }

    [TestMethod]
    public void CachesAreTheStorageOnesAndSearchesAskOnlyTheCatalogByDefault()
    {
        using var provider = TestServices.Build();

        Assert.IsInstanceOfType<TableWebImageCache>(provider.GetRequiredService<IWebImageCache>());
        Assert.IsInstanceOfType<TableEmbeddingCache>(provider.GetRequiredService<IEmbeddingCache>());
        Assert.AreEqual("catalog", string.Join(',', SourceSelection.Select(provider.GetServices<IImageSource>(), null).Select(s => s.Name)));
    }

    [TestMethod]
    public void UploadsNeedNothingOfTheWebSource()
    {
        using var provider = TestServices.Build(replace: services =>
        {
            services.RemoveAll<IWebImageCache>();
            services.RemoveAll<IImageSource>();
        });

        Assert.IsNotNull(provider.GetRequiredService<UploadService>());
        Assert.IsInstanceOfType<TableEmbeddingCache>(provider.GetRequiredService<IEmbeddingCache>());
    }

    [TestMethod]
    [DataRow("Captioner:NumBeams", "0", nameof(CaptionerOptions.NumBeams))]
    [DataRow("Captioner:MaxLength", "1", nameof(CaptionerOptions.MaxLength))]
    [DataRow("QueryRewriter:DeadlineMilliseconds", "5", nameof(QueryRewriterOptions.DeadlineMilliseconds))]
    [DataRow("QueryRewriter:ModelDirectory", "", nameof(QueryRewriterOptions.ModelDirectory))]
    [DataRow("EmbeddedModels:IntraOpNumThreads", "0", nameof(EmbeddedModelOptions.IntraOpNumThreads))]
    [DataRow("Clip:BatchSize", "0", nameof(ClipOptions.BatchSize))]
    [DataRow("Catalog:BackgroundThreads", "-1", nameof(CatalogOptions.BackgroundThreads))]
    [DataRow("DuckDuckGo:SafeSearch", "2", nameof(DuckDuckGoOptions.SafeSearch))]
    [DataRow("DuckDuckGo:Region", "../x", nameof(DuckDuckGoOptions.Region))]
    [DataRow("WebFetch:MaxBytes", "0", "MaxBytes")]
    [DataRow("WebFetch:MaxRedirects", "50", "MaxRedirects")]
    [DataRow("WebCache:TtlHours", "-1", nameof(WebCacheOptions.TtlHours))]
    public void InvalidSettingFailsAtStart(string key, string value, string property)
    {
        using var provider = TestServices.Build(new Dictionary<string, string?> { [key] = value });

        // What the host runs at start because of ValidateOnStart.
        var error = Assert.ThrowsExactly<OptionsValidationException>(provider.GetRequiredService<IStartupValidator>().Validate);

        StringAssert.Contains(error.Message, property);
    }

    [TestMethod]
    public void SectionsBindAndAModelNotDownloadedIsAStatusWithoutServerPaths()
    {
        using var provider = TestServices.Build(new Dictionary<string, string?>
        {
            ["Clip:ModelDirectory"] = "/models/clip", ["Clip:BatchSize"] = "8", ["EmbeddedModels:IntraOpNumThreads"] = "1",
        });

        Assert.AreEqual(8, provider.GetRequiredService<IOptions<ClipOptions>>().Value.BatchSize);
        Assert.AreEqual(1, provider.GetRequiredService<IOptions<EmbeddedModelOptions>>().Value.IntraOpNumThreads);
        var status = provider.GetRequiredService<ClipTextEmbedder>().Status;
        Assert.IsFalse(status.IsAvailable);
        StringAssert.Contains(status.Detail, "not downloaded");
        StringAssert.Contains(status.Detail, "onnx/text_model.onnx");
        Assert.DoesNotContain("/models/clip", status.Detail);
    }
}
