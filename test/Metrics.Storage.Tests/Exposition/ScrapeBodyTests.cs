using System.IO.Compression;
using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed.Tests.Exposition;

public sealed class ScrapeBodyTests
{
    [Fact]
    public void Parts_are_sent_in_the_order_added_across_segment_boundaries()
    {
        var written = Pattern(3 * ScrapeBody.SegmentSize + 123);
        using var body = new ScrapeBody();
        WriteInPieces(body, written);
        (long Start, long Length)[] parts = [(ScrapeBody.SegmentSize - 10, 20), (0, 5), (2 * ScrapeBody.SegmentSize - 7, ScrapeBody.SegmentSize + 50), (40, 0)];

        foreach (var (start, length) in parts)
        {
            body.AddPart(start, length);
        }

        byte[] expected = [.. parts.SelectMany(p => written.Skip((int)p.Start).Take((int)p.Length))];
        Assert.Equal(expected.Length, body.Length);
        Assert.Equal(expected, body.Chunks().SelectMany(c => c.ToArray()));
    }

    [Fact]
    public void Without_parts_everything_written_is_sent_and_an_empty_part_sends_nothing()
    {
        var written = Pattern(ScrapeBody.SegmentSize + 1);
        using var everything = new ScrapeBody();
        using var nothing = new ScrapeBody();
        WriteInPieces(everything, written);
        WriteInPieces(nothing, written);

        nothing.AddPart(0, 0);

        Assert.Equal(written, everything.Chunks().SelectMany(c => c.ToArray()));
        Assert.Equal(0, nothing.Length);
        Assert.Empty(nothing.Chunks().SelectMany(c => c.ToArray()));
    }

    [Fact]
    public void Gzip_holds_the_parts_sent()
    {
        var written = Pattern(2 * ScrapeBody.SegmentSize);
        using var body = new ScrapeBody();
        WriteInPieces(body, written);
        body.AddPart(100, ScrapeBody.SegmentSize);

        using var gzipped = body.Gzip();
        using var plain = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream([.. gzipped.Chunks().SelectMany(c => c.ToArray())]), CompressionMode.Decompress))
        {
            gzip.CopyTo(plain);
        }

        Assert.Equal(written.Skip(100).Take(ScrapeBody.SegmentSize), plain.ToArray());
    }

    [Fact]
    public void Last_release_gives_the_segments_back_and_no_share_can_be_taken_after_it()
    {
        var body = new ScrapeBody();
        WriteInPieces(body, Pattern(10));

        Assert.True(body.TryAcquire());
        body.Release();
        body.Release();

        Assert.False(body.TryAcquire());
        Assert.Throws<ObjectDisposedException>(() => body.GetSpan(1));
    }

    private static byte[] Pattern(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7))];

    /// <summary>Writes in pieces of uneven sizes, some asked larger than what is left of a segment.</summary>
    private static void WriteInPieces(ScrapeBody body, byte[] bytes)
    {
        var position = 0;
        var piece = 1;
        while (position < bytes.Length)
        {
            var length = Math.Min(piece, bytes.Length - position);
            var span = body.GetSpan(length);
            bytes.AsSpan(position, length).CopyTo(span);
            body.Advance(length);
            position += length;
            piece = piece * 3 % 5003 + 1;
        }
    }
}
