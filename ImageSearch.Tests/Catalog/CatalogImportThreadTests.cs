using ImageSearch.Core.Catalog;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Ranking;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Tests.Catalog;

/// <summary>
/// A bulk import's model work never runs on the thread pool that serves searches: on a 2-core instance its blocking
/// decode and inference work items held the pool's threads and searches stalled 300–500 ms behind them
/// (docs/performance.md §5c). Checked through the app's own importer with the real embedded tier, wrapped to record the
/// thread each item is embedded on.
/// </summary>
[TestClass]
public sealed class CatalogImportThreadTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ABatchImportEmbedsEveryImageOnTheBackgroundThreadsNotOnThePool()
    {
        RecordingTier? recording = null;
        await using var app = await ImageSearchApp.StartAsync(services =>
        {
            services.AddSingleton<EmbeddedRankingTier>();
            services.RemoveAll<IRankingTier>();
            services.AddSingleton<IRankingTier>(sp => recording = new RecordingTier(sp.GetRequiredService<EmbeddedRankingTier>()));
        });
        var stamps = DemoStamp.All().Take(6).ToList();
        var inputs = new List<CatalogImportInput>();
        foreach (var stamp in stamps)
        {
            inputs.Add(new CatalogImportInput(await File.ReadAllBytesAsync(stamp.Path, TestContext.CancellationToken), stamp.Title, stamp.Description, stamp.Tags, stamp.Category));
        }

        var outcomes = await app.App.Services.GetRequiredService<CatalogImporter>().ImportAsync(inputs, TestContext.CancellationToken);

        Assert.IsTrue(outcomes.All(o => o.Item is not null), "every demo photo is imported");
        Assert.IsNotNull(recording);
        Assert.HasCount(stamps.Count, recording.Threads);
        foreach (var (name, pool) in recording.Threads)
        {
            Assert.IsFalse(pool, "an image was embedded on a thread-pool thread");
            StringAssert.StartsWith(name, "imagesearch-background");
        }
    }

    /// <summary>The embedded tier, recording the thread of every item embedding.</summary>
    private sealed class RecordingTier(EmbeddedRankingTier inner) : IRankingTier
    {
        public List<(string? Name, bool Pool)> Threads { get; } = [];

        public string Name => inner.Name;

        public int Priority => inner.Priority;

        public IReadOnlyList<ModelInfo> Models => inner.Models;

        public ModelStatus Status => inner.Status;

        public ITextEmbedder Queries => inner.Queries;

        public IImageEmbedder Images => inner.Images;

        public Task<IReadOnlyList<Embedding>> EmbedItemAsync(string text, Image<Rgb24> image, CancellationToken cancellationToken)
        {
            lock (Threads)
            {
                Threads.Add((Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread));
            }

            return inner.EmbedItemAsync(text, image, cancellationToken);
        }
    }
}
