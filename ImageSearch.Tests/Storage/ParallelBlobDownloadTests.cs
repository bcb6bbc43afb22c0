using Azure;
using ImageSearch.Core.Storage;
using ImageSearch.Tests.Infrastructure;

namespace ImageSearch.Tests.Storage;

/// <summary>
/// <see cref="ParallelBlobDownload"/> against Azurite: many small ranges in flight still read back as the blob's bytes in
/// order; a reader that stops early ends the download; a blob replaced during the read fails the read instead of mixing
/// two versions. The timeouts only turn a hang into a failure.
/// </summary>
[TestClass]
public sealed class ParallelBlobDownloadTests
{
    private const int Range = 64 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ManyRangesInFlightReadBackAsTheBlobsBytesInOrder()
    {
        var (blob, content) = await UploadAsync(Range * 23 + 1234); // 24 ranges, the last one short

        await using var stream = ParallelBlobDownload.Start(blob, Range, parallelRanges: 4, bufferedBytes: 2 * Range, TestContext.CancellationToken);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, 7_000, TestContext.CancellationToken).WaitAsync(Timeout, TestContext.CancellationToken);

        CollectionAssert.AreEqual(content, copy.ToArray());
    }

    [TestMethod]
    public async Task AReaderThatStopsEarlyEndsTheDownload()
    {
        var (blob, content) = await UploadAsync(Range * 40);
        var stream = ParallelBlobDownload.Start(blob, Range, parallelRanges: 4, bufferedBytes: 2 * Range, TestContext.CancellationToken);
        var start = new byte[1000];

        await stream.ReadExactlyAsync(start, TestContext.CancellationToken);
        await stream.DisposeAsync().AsTask().WaitAsync(Timeout, TestContext.CancellationToken); // returns once the download has stopped

        CollectionAssert.AreEqual(content[..1000], start);
    }

    [TestMethod]
    public async Task ABlobReplacedDuringTheReadFailsTheReadInsteadOfMixingVersions()
    {
        var (blob, _) = await UploadAsync(Range * 40);
        await using var stream = ParallelBlobDownload.Start(blob, Range, parallelRanges: 2, bufferedBytes: 2 * Range, TestContext.CancellationToken);
        await stream.ReadExactlyAsync(new byte[1000], TestContext.CancellationToken); // the first range has pinned the blob's ETag

        await blob.UploadAsync(BinaryData.FromBytes(new byte[Range * 40]), overwrite: true, TestContext.CancellationToken);
        var read = stream.CopyToAsync(Stream.Null, TestContext.CancellationToken).WaitAsync(Timeout, TestContext.CancellationToken);

        var error = await Assert.ThrowsExactlyAsync<RequestFailedException>(() => read);
        Assert.AreEqual(412, error.Status);
    }

    private async Task<(Azure.Storage.Blobs.BlobClient Blob, byte[] Content)> UploadAsync(int length)
    {
        var clients = await TestEnvironment.StorageAsync(await TestEnvironment.UniqueStorageAsync());
        var content = new byte[length];
        new Random(length).NextBytes(content);
        var blob = clients.CatalogImages.GetBlobClient($"parallel-{Guid.NewGuid():N}.bin");
        await blob.UploadAsync(BinaryData.FromBytes(content), overwrite: true, TestContext.CancellationToken);
        return (blob, content);
    }
}
