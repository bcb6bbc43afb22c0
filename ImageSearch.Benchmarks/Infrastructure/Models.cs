using ImageSearch.Core.Models.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImageSearch.Benchmarks.Infrastructure;

/// <summary>The embedded-tier models as the app builds them, from this program's output folder.</summary>
internal static class Models
{
    public static MiniLmTextEmbedder MiniLm(int intraOpThreads = 2) =>
        new(Options.Create(new EmbeddedModelOptions { IntraOpNumThreads = intraOpThreads }), NullLogger<MiniLmTextEmbedder>.Instance);

    public static ResNetImageEmbedder ResNet(int intraOpThreads = 2) =>
        new(Options.Create(new EmbeddedModelOptions { IntraOpNumThreads = intraOpThreads }), NullLogger<ResNetImageEmbedder>.Instance);
}
