using ImageSearch.Core.Catalog;
using ImageSearch.Core.Ranking;
using ImageSearch.Core.Sources;

namespace ImageSearch.Tests.Sources;

[TestClass]
public sealed class SourceFanOutTests
{
    private static readonly SourceQuery Query = new("owl", [], new CompositeQuery([]), CatalogIndex.Empty);

    [TestMethod]
    public async Task FailingSourceIsReportedAndTheOthersStillAnswer()
    {
        IImageSource[] sources = [new FixedSource("catalog", "a", "b"), new FailingSource("duckduckgo", "rate limited (HTTP 429) after retries")];

        var result = await SourceFanOut.FindAsync(sources, Query, 10, CancellationToken.None);

        CollectionAssert.AreEqual(new[] { "a", "b" }, result.Candidates.Select(c => c.Id).ToArray());
        Assert.AreEqual(new SourceStatus("catalog", true, 2, null), result.Sources[0]);
        Assert.AreEqual(new SourceStatus("duckduckgo", false, 0, "rate limited (HTTP 429) after retries"), result.Sources[1]);
    }

    [TestMethod]
    public async Task TheSameImageFromTwoSourcesCountsOnceAndTheFirstSourceWins()
    {
        IImageSource[] sources = [new FixedSource("catalog", "a", "b"), new FixedSource("duckduckgo", "b", "c")];

        var result = await SourceFanOut.FindAsync(sources, Query, 10, CancellationToken.None);

        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, result.Candidates.Select(c => c.Id).ToArray());
        Assert.AreEqual("catalog", result.Candidates.Single(c => c.Id == "b").Source);
    }

    [TestMethod]
    public async Task CancellationIsNotMistakenForAnUnavailableSource()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            SourceFanOut.FindAsync([new CancellableSource()], Query, 10, cancelled.Token));
    }

    private sealed class FixedSource(string name, params string[] ids) : IImageSource
    {
        public string Name => name;

        public Task<IReadOnlyList<Candidate>> FindAsync(SourceQuery query, int max, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Candidate>>(ids.Select(id => new Candidate(id, id, "", name, [])).ToList());
    }

    private sealed class FailingSource(string name, string reason) : IImageSource
    {
        public string Name => name;

        public Task<IReadOnlyList<Candidate>> FindAsync(SourceQuery query, int max, CancellationToken cancellationToken) =>
            throw new SourceUnavailableException(name, reason);
    }

    private sealed class CancellableSource : IImageSource
    {
        public string Name => "slow";

        public async Task<IReadOnlyList<Candidate>> FindAsync(SourceQuery query, int max, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        }
    }
}
