using System.Text;
using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Reading;
using static Prometheus.Distributed.Tests.Exposition.ExpositionTestData;

namespace Prometheus.Distributed.Tests.Exposition;

public sealed class ExpositionStreamingTests
{
    [Fact]
    public async Task Large_body_is_written_in_bounded_chunks_and_the_stream_stays_open()
    {
        const int seriesCount = 10_000;
        var samples = new StoredSample[seriesCount];
        for (var i = 0; i < seriesCount; i++)
        {
            samples[i] = new StoredSample($"_total:{{\"id\":\"{i:D5}\"}}", i);
        }

        var family = new StoredFamily("jobs", Metadata(MetricType.Counter, "jobs", "Jobs.", "id"), samples);
        using var stream = new RecordingStream();

        await ExpositionWriter.WriteAsync(ExpositionSnapshotBuilder.Build([family]), ExpositionFormat.PrometheusText, stream, TestContext.Current.CancellationToken);

        Assert.True(stream.WriteSizes.Count > 1, $"expected several writes, got {stream.WriteSizes.Count}");
        Assert.All(stream.WriteSizes, size => Assert.InRange(size, 1, 2 * ExpositionWriter.FlushThreshold));
        Assert.True(stream.CanWrite);
        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n');
        Assert.Equal(seriesCount + 3, lines.Length);
        Assert.Equal("jobs_total{id=\"00000\"} 0", lines[2]);
        Assert.Equal("jobs_total{id=\"09999\"} 9999", lines[^2]);
    }

    private sealed class RecordingStream : MemoryStream
    {
        public List<int> WriteSizes { get; } = [];

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            WriteSizes.Add(buffer.Length);
            return base.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            WriteSizes.Add(count);
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            WriteSizes.Add(count);
            base.Write(buffer, offset, count);
        }
    }
}
