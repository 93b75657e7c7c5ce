using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// An encoded scrape body: bytes written as an <see cref="IBufferWriter{T}"/> into 64 KB segments rented from a pool,
/// then read back as the parts chosen to send, in the order chosen (families are encoded as they are read, and
/// which are sent, in which order, is known only at the end). Kept instead of <see cref="ArrayBufferWriter{T}"/>, which
/// would hold a body in one array copied as it doubles, on the large object heap past 85 KB: the
/// <c>Scrape_10k_Series_*</c> rows would then cost a gen-2 collection every few scrapes. Cached bodies are shared by the
/// responses of one cache window: each holder <see cref="TryAcquire"/>s and <see cref="Release"/>s it, and the
/// segments go back to the pool when the last one lets go.
/// </summary>
internal sealed class ScrapeBody : IBufferWriter<byte>, IDisposable
{
    /// <summary>The size of a segment: below the large object heap.</summary>
    public const int SegmentSize = 64 * 1024;

    // Up to 16 MB of segments kept between scrapes; not ArrayPool<byte>.Shared, which keeps few arrays of a size per core.
    private static readonly ArrayPool<byte> Segments = ArrayPool<byte>.Create(SegmentSize, maxArraysPerBucket: 256);

    private readonly List<byte[]> _segments = [];
    private readonly List<long> _starts = [];
    private readonly List<(long Start, long Length)> _parts = [];
    private int _used;
    private long _written;
    private int _holders = 1;
    private bool _chosen;

    /// <summary>How many bytes were written: the position of the next one.</summary>
    public long Written => _written;

    /// <summary>How many bytes are sent: the parts added, or everything written when no part was ever added.</summary>
    public long Length => _chosen ? _parts.Sum(static p => p.Length) : _written;

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > 0 && (_segments.Count == 0 || _used + count > _segments[^1].Length))
        {
            throw new InvalidOperationException("Advanced past the span handed out.");
        }

        _used += count;
        _written += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0) => Current(sizeHint).AsMemory(_used);

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0) => Current(sizeHint).AsSpan(_used);

    /// <summary>
    /// Sends the bytes written from <paramref name="start"/> for <paramref name="length"/> after the parts added before;
    /// once a part was added (even an empty one), only parts are sent.
    /// </summary>
    public void AddPart(long start, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + length, _written);
        _chosen = true;
        if (length > 0)
        {
            _parts.Add((start, length));
        }
    }

    /// <summary>The bytes sent, in order, as pieces of the segments.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Chunks()
    {
        if (!_chosen)
        {
            return Slice(0, _written);
        }

        return _parts.SelectMany(part => Slice(part.Start, part.Length));
    }

    /// <summary>Writes the bytes sent to <paramref name="output"/>, a segment at a time, flushing after each.</summary>
    public async Task WriteToAsync(PipeWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var chunk in Chunks())
        {
            await output.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the bytes sent to <paramref name="output"/>.</summary>
    public async Task WriteToAsync(Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var chunk in Chunks())
        {
            await output.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Copies the bytes sent into <paramref name="output"/>.</summary>
    public void CopyTo(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var chunk in Chunks())
        {
            output.Write(chunk.Span);
        }
    }

    /// <summary>The bytes sent, gzipped (fastest level), as a body of its own.</summary>
    public ScrapeBody Gzip()
    {
        var gzipped = new ScrapeBody();
        using (var gzip = new GZipStream(new Appender(gzipped), CompressionLevel.Fastest))
        {
            foreach (var chunk in Chunks())
            {
                gzip.Write(chunk.Span);
            }
        }

        return gzipped;
    }

    /// <summary>Takes a share of the body; false when it was already given back to the pool.</summary>
    public bool TryAcquire()
    {
        var holders = Volatile.Read(ref _holders);
        while (holders > 0)
        {
            var seen = Interlocked.CompareExchange(ref _holders, holders + 1, holders);
            if (seen == holders)
            {
                return true;
            }

            holders = seen;
        }

        return false;
    }

    /// <summary>Gives a share back; the last one returns the segments to the pool.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _holders) != 0)
        {
            return;
        }

        foreach (var segment in _segments)
        {
            Segments.Return(segment);
        }

        _segments.Clear();
    }

    /// <summary>Gives back the creator's share (<see cref="Release"/>).</summary>
    public void Dispose() => Release();

    private byte[] Current(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_segments.Count > 0 && _segments[^1].Length - _used >= needed)
        {
            return _segments[^1];
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _holders) == 0, this);

        _segments.Add(Segments.Rent(Math.Max(needed, SegmentSize)));
        _starts.Add(_written);
        _used = 0;
        return _segments[^1];
    }

    private IEnumerable<ReadOnlyMemory<byte>> Slice(long start, long length)
    {
        var segment = _starts.BinarySearch(start);
        segment = segment >= 0 ? segment : ~segment - 1;
        var end = start + length;
        while (start < end)
        {
            var used = segment == _segments.Count - 1 ? _used : (int)(_starts[segment + 1] - _starts[segment]);
            var offset = (int)(start - _starts[segment]);
            var take = (int)Math.Min(used - offset, end - start);
            yield return _segments[segment].AsMemory(offset, take);
            start += take;
            segment++;
        }
    }

    /// <summary>A write-only stream into a body, for <see cref="GZipStream"/>.</summary>
    private sealed class Appender(ScrapeBody body) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => body.Written;

        public override long Position
        {
            get => body.Written;
            set => throw new NotSupportedException();
        }

        public override void Write(ReadOnlySpan<byte> buffer) => body.Write(buffer);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
