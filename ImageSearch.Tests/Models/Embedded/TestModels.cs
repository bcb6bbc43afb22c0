using ImageSearch.Core.Models;
using ImageSearch.Core.Models.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImageSearch.Tests.Models.Embedded;

/// <summary>The real embedded models, loaded once for all tests from the test output folder (as the app loads them).</summary>
internal static class TestModels
{
    private static readonly Lazy<MiniLmTextEmbedder> LazyMiniLm = new(() => new MiniLmTextEmbedder(
        Options.Create(new EmbeddedModelOptions()), NullLogger<MiniLmTextEmbedder>.Instance));

    private static readonly Lazy<ResNetImageEmbedder> LazyResNet = new(() => new ResNetImageEmbedder(
        Options.Create(new EmbeddedModelOptions()), NullLogger<ResNetImageEmbedder>.Instance));

    public static MiniLmTextEmbedder MiniLm => LazyMiniLm.Value;

    public static ResNetImageEmbedder ResNet => LazyResNet.Value;

    public static string ModelDirectory => ModelFiles.ResolveFolder(new EmbeddedModelOptions().ModelDirectory);
}
