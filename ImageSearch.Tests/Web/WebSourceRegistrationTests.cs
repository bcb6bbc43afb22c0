using ImageSearch.Core;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Sources;
using ImageSearch.Core.Sources.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageSearch.Tests.Web;

[TestClass]
public sealed class WebSourceRegistrationTests
{
    [TestMethod]
    public void AddWebSourceNextToAddImageSearchResolvesEverySource()
    {
        using var provider = Build(new() { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true" });

        var names = provider.GetServices<IImageSource>().Select(s => s.Name).ToList();

        CollectionAssert.AreEquivalent(new[] { "catalog", "duckduckgo" }, names);
        Assert.IsInstanceOfType<TableWebImageCache>(provider.GetRequiredService<IWebImageCache>());
        Assert.IsInstanceOfType<TableEmbeddingCache>(provider.GetRequiredService<IEmbeddingCache>());
        Assert.AreEqual("catalog", string.Join(',', SourceSelection.Select(provider.GetServices<IImageSource>(), null).Select(s => s.Name)));
    }

    [TestMethod]
    [DataRow("DuckDuckGo:SafeSearch", "2")]
    [DataRow("DuckDuckGo:Region", "../x")]
    [DataRow("WebFetch:MaxBytes", "0")]
    [DataRow("WebFetch:MaxRedirects", "50")]
    [DataRow("WebCache:TtlHours", "-1")]
    public void InvalidWebSettingsFailValidation(string key, string value)
    {
        using var provider = Build(new() { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true", [key] = value });

        Assert.ThrowsExactly<OptionsValidationException>(() =>
        {
            _ = provider.GetRequiredService<IOptions<DuckDuckGoOptions>>().Value;
            _ = provider.GetRequiredService<IOptions<Core.Fetching.SafeFetchOptions>>().Value;
            _ = provider.GetRequiredService<IOptions<WebCacheOptions>>().Value;
        });
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddImageSearch(configuration);
        services.AddWebSource(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
