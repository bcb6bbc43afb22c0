using System.Collections.Concurrent;
using System.Threading.Channels;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// Reads a source stream ahead asynchronously, a chunk at a time and a few chunks
/// ahead, for a synchronous consumer on its own thread (a decoder built on <see cref="BinaryReader"/>): the
/// network I/O stays asynchronous and overlaps the decoding, and memory stays bounded by the chunks in flight. A source
/// failure surfaces in the consumer's next read.
/// </summary>
internal sealed class ReadAheadStream : Stream
{
    private readonly Channel<(byte[] Buffer, int Length)> _chunks;
    private readonly ConcurrentQueue<byte[]> _free = new(); // chunks the consumer is done with: no large-object churn
    private readonly CancellationTokenSource _stop;
    private readonly Task _pump;
    private byte[] _current = [];
    private int _length;
    private int _offset;
    private bool _ended;

    public ReadAheadStream(Stream source, int chunkBytes, int depth, CancellationToken cancellationToken)
    {
        _chunks = Channel.CreateBounded<(byte[], int)>(new BoundedChannelOptions(depth) { SingleReader = true, SingleWriter = true });
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _pump = PumpAsync(source, chunkBytes, _stop.Token);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || !NextChunk())
        {
            return 0;
        }

        var n = Math.Min(buffer.Length, _length - _offset);
        _current.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    public override int ReadByte() => NextChunk() ? _current[_offset++] : -1;

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            try
            {
                _pump.GetAwaiter().GetResult(); // ends at once: cancelled
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or Azure.RequestFailedException)
            {
                // A failure the consumer saw already (or no longer cares about).
            }

            _stop.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Whether unread bytes are available, waiting (blocking this consumer thread) for the next chunk if needed.</summary>
    private bool NextChunk()
    {
        while (!_ended && _offset == _length)
        {
            if (_chunks.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult() && _chunks.Reader.TryRead(out var chunk))
            {
                if (_current.Length > 0)
                {
                    _free.Enqueue(_current);
                }

                (_current, _length, _offset) = (chunk.Buffer, chunk.Length, 0);
            }
            else
            {
                _ended = true;
            }
        }

        return _offset < _length;
    }

    private async Task PumpAsync(Stream source, int chunkBytes, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            while (true)
            {
                var buffer = _free.TryDequeue(out var free) ? free : new byte[chunkBytes];
                var length = await source.ReadAtLeastAsync(buffer, chunkBytes, throwOnEndOfStream: false, cancellationToken);
                if (length > 0)
                {
                    await _chunks.Writer.WriteAsync((buffer, length), cancellationToken);
                }

                if (length < chunkBytes)
                {
                    break;
                }
            }

            _chunks.Writer.Complete();
        }
        catch (Exception e)
        {
            _chunks.Writer.TryComplete(e);
            throw;
        }
    }
}
