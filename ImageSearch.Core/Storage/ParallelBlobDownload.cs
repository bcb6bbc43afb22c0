using System.IO.Pipelines;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ImageSearch.Core.Storage;

/// <summary>
/// A blob read as one sequential stream while the Storage SDK downloads it in parallel ranges
/// (<c>BlobBaseClient.DownloadToAsync</c> with
/// <see cref="StorageTransferOptions.MaximumConcurrency"/> requests in flight, written to the destination in order) into a
/// bounded pipe the reader drains. One range request at a time reads ~60–100 MB/s from Azure Storage; a catalog snapshot
/// of a million items is ~1.9 GB, so a cold start needs several in flight. The SDK pins the first response's ETag on
/// every later range: a blob replaced meanwhile fails the read (412) instead of mixing two versions.
/// </summary>
public sealed class ParallelBlobDownload : Stream
{
    private readonly Stream _reader;
    private readonly CancellationTokenSource _stop;
    private readonly Task _download;

    private ParallelBlobDownload(Stream reader, CancellationTokenSource stop, Task download)
    {
        _reader = reader;
        _stop = stop;
        _download = download;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Starts downloading <paramref name="blob"/>: <paramref name="rangeBytes"/> per request, <paramref name="parallelRanges"/>
    /// at once, at most <paramref name="bufferedBytes"/> downloaded ahead of the reader (the ranges in flight come on top).
    /// A failed download fails the next read with its exception; disposing the stream stops the download.
    /// </summary>
    public static ParallelBlobDownload Start(BlobClient blob, int rangeBytes, int parallelRanges, long bufferedBytes, CancellationToken cancellationToken)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: bufferedBytes, resumeWriterThreshold: bufferedBytes / 2, useSynchronizationContext: false));
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var transfer = new StorageTransferOptions { InitialTransferSize = rangeBytes, MaximumTransferSize = rangeBytes, MaximumConcurrency = parallelRanges };
        var download = Task.Run(async () =>
        {
            try
            {
                await blob.DownloadToAsync(pipe.Writer.AsStream(leaveOpen: true), new BlobDownloadToOptions { TransferOptions = transfer }, stop.Token);
                await pipe.Writer.CompleteAsync();
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e); // the reader's next read throws it
            }
        }, CancellationToken.None);
        return new ParallelBlobDownload(pipe.Reader.AsStream(), stop, download);
    }

    public override int Read(byte[] buffer, int offset, int count) => _reader.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _reader.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _reader.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _reader.ReadAsync(buffer, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await StopAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            StopAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    /// <summary>Stops the download (a reader that ends early) and waits for it, so no request outlives the stream.</summary>
    private async ValueTask StopAsync()
    {
        if (_stop.IsCancellationRequested && _download.IsCompleted)
        {
            return;
        }

        await _stop.CancelAsync();
        await _reader.DisposeAsync(); // completes the pipe's reader: a writer waiting on a full pipe goes on and sees the cancellation
        await _download.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
