using System.Buffers;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Prometheus.Distributed.Exposition.Protobuf;
using ProtoMetricType = Prometheus.Distributed.Exposition.Protobuf.MetricType;
using StoredExemplar = Prometheus.Distributed.Exemplar;

namespace Prometheus.Distributed.Exposition;

/// <summary>
/// Prometheus' protobuf format: every family as a <c>io.prometheus.client.MetricFamily</c> message, each preceded by its
/// length as a varint. Counters, gauges, summaries, histograms (classic buckets, and native ones where stored) and gauge
/// histograms keep their type; info and state sets are gauges as in the text format, unknown families untyped. The
/// messages are generated from <c>Protobuf/metrics.proto</c>. A family is written a series at a time (its
/// <c>metric</c> field repeated after name, help and type, as the encoding allows), so no message holds every series.
/// </summary>
internal sealed class ProtobufExpositionWriter : ExpositionFormatWriter
{
    /// <summary>The content type Prometheus asks for with <c>proto=io.prometheus.client.MetricFamily;encoding=delimited</c>.</summary>
    public const string ContentType = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

    /// <summary>The one instance (the writer holds no state).</summary>
    public static readonly ProtobufExpositionWriter Instance = new();

    // Field 4 (metric) of MetricFamily, length-delimited.
    private const byte MetricTag = (4 << 3) | 2;

    private static readonly int BucketId = FamilyShape.SuffixId(FamilyShape.Bucket);
    private static readonly int CountId = FamilyShape.SuffixId(FamilyShape.Count);
    private static readonly int CreatedId = FamilyShape.SuffixId(FamilyShape.Created);
    private static readonly int GaugeCountId = FamilyShape.SuffixId(FamilyShape.GaugeCount);
    private static readonly int GaugeSumId = FamilyShape.SuffixId(FamilyShape.GaugeSum);
    private static readonly int SumId = FamilyShape.SuffixId(FamilyShape.Sum);
    private static readonly int TotalId = FamilyShape.SuffixId(FamilyShape.Total);

    private ProtobufExpositionWriter()
    {
    }

    /// <inheritdoc />
    /// <remarks>The message is encoded into a scratch body first: its length prefix comes before it.</remarks>
    public override void WriteFamily(IBufferWriter<byte> output, FamilySnapshot family)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(family);
        using var message = new ScrapeBody();
        Header(family).WriteTo(message);
        for (var i = 0; i < family.SeriesCount; i++)
        {
            var metric = ToMessage(family, i);
            WriteVarint(message, MetricTag);
            WriteVarint(message, (ulong)metric.CalculateSize());
            metric.WriteTo(message);
        }

        WriteVarint(output, (ulong)message.Written);
        message.CopyTo(output);
    }

    /// <summary>The message of one family, every series included (for tests and small families).</summary>
    public static Protobuf.MetricFamily ToMessage(FamilySnapshot family)
    {
        ArgumentNullException.ThrowIfNull(family);
        var message = Header(family);
        for (var i = 0; i < family.SeriesCount; i++)
        {
            message.Metric.Add(ToMessage(family, i));
        }

        return message;
    }

    /// <summary>Name, type and help of a family's message, without its series.</summary>
    private static Protobuf.MetricFamily Header(FamilySnapshot family)
    {
        var message = new Protobuf.MetricFamily
        {
            Name = family.Name + family.Type switch
            {
                Distributed.MetricType.Counter => FamilyShape.Total,
                Distributed.MetricType.Info => FamilyShape.Info,
                _ => string.Empty,
            },
            Type = family.Type switch
            {
                Distributed.MetricType.Counter => ProtoMetricType.Counter,
                Distributed.MetricType.Gauge or Distributed.MetricType.Info or Distributed.MetricType.StateSet => ProtoMetricType.Gauge,
                Distributed.MetricType.Summary => ProtoMetricType.Summary,
                Distributed.MetricType.Histogram => ProtoMetricType.Histogram,
                Distributed.MetricType.GaugeHistogram => ProtoMetricType.GaugeHistogram,
                _ => ProtoMetricType.Untyped,
            },
        };
        if (family.Help is { } help)
        {
            message.Help = help;
        }

        return message;
    }

    private static Metric ToMessage(FamilySnapshot family, int index)
    {
        var table = family.Table;
        var series = family.Series(index);
        var metric = new Metric();
        foreach (var label in table.LabelsOf(series))
        {
            metric.Label.Add(new LabelPair { Name = family.LabelName(label), Value = table.ValueText(label) });
        }

        var samples = table.SamplesOf(series);
        switch (family.Type)
        {
            case Distributed.MetricType.Counter:
                metric.Counter = Counter(samples, table);
                break;
            case Distributed.MetricType.Summary:
                metric.Summary = Summary(samples, table);
                break;
            case Distributed.MetricType.Histogram or Distributed.MetricType.GaugeHistogram:
                metric.Histogram = Histogram(samples, table, family.Native(index));
                break;
            case Distributed.MetricType.Unknown:
                metric.Untyped = new Untyped { Value = samples.Length > 0 ? samples[0].Value : 0 };
                break;
            default:
                metric.Gauge = new Gauge { Value = samples.Length > 0 ? samples[0].Value : 0 };
                break;
        }

        foreach (var sample in samples)
        {
            if (table.ExtrasOf(sample)?.TimestampMilliseconds is { } milliseconds)
            {
                metric.TimestampMs = milliseconds;
                break;
            }
        }

        return metric;
    }

    private static Protobuf.Counter Counter(ReadOnlySpan<TableSample> samples, SeriesTable table)
    {
        var counter = new Protobuf.Counter();
        foreach (var sample in samples)
        {
            if (sample.Suffix == TotalId)
            {
                counter.Value = sample.Value;
                if (table.ExtrasOf(sample)?.Exemplar is { } exemplar)
                {
                    counter.Exemplar = Exemplar(exemplar);
                }
            }
            else if (sample.Suffix == CreatedId)
            {
                counter.CreatedTimestamp = Created(sample.Value);
            }
        }

        return counter;
    }

    private static Protobuf.Summary Summary(ReadOnlySpan<TableSample> samples, SeriesTable table)
    {
        var summary = new Protobuf.Summary();
        foreach (var sample in samples)
        {
            if (sample.Suffix == 0)
            {
                if (sample.Bound >= 0
                    && double.TryParse(table.BoundText(sample.Bound), NumberStyles.Float, CultureInfo.InvariantCulture, out var quantile))
                {
                    summary.Quantile.Add(new Quantile { Quantile_ = quantile, Value = sample.Value });
                }
            }
            else if (sample.Suffix == CountId)
            {
                summary.SampleCount = Count(sample.Value);
            }
            else if (sample.Suffix == SumId)
            {
                summary.SampleSum = sample.Value;
            }
            else if (sample.Suffix == CreatedId)
            {
                summary.CreatedTimestamp = Created(sample.Value);
            }
        }

        return summary;
    }

    private static Protobuf.Histogram Histogram(ReadOnlySpan<TableSample> samples, SeriesTable table, INativeHistogram? native)
    {
        var histogram = new Protobuf.Histogram();
        foreach (var sample in samples)
        {
            if (sample.Suffix == BucketId)
            {
                var le = sample.Bound < 0 ? null : table.BoundText(sample.Bound);
                if (le is not null && le != "+Inf" && double.TryParse(le, NumberStyles.Float, CultureInfo.InvariantCulture, out var bound))
                {
                    var bucket = new Bucket { UpperBound = bound, CumulativeCount = Count(sample.Value) };
                    if (table.ExtrasOf(sample)?.Exemplar is { } exemplar)
                    {
                        bucket.Exemplar = Exemplar(exemplar);
                    }

                    histogram.Bucket.Add(bucket);
                }
            }
            else if (sample.Suffix == CountId || sample.Suffix == GaugeCountId)
            {
                histogram.SampleCount = Count(sample.Value);
            }
            else if (sample.Suffix == SumId || sample.Suffix == GaugeSumId)
            {
                histogram.SampleSum = sample.Value;
            }
            else if (sample.Suffix == CreatedId)
            {
                histogram.CreatedTimestamp = Created(sample.Value);
            }
        }

        if (native is not null)
        {
            AddNative(histogram, native);
        }

        return histogram;
    }

    /// <summary>
    /// The native part: its own count and sum (taken with its buckets), schema, zero bucket and the buckets as spans of
    /// consecutive keys with each count as the difference from the previous one.
    /// </summary>
    private static void AddNative(Protobuf.Histogram histogram, INativeHistogram native)
    {
        histogram.SampleCount = (ulong)Math.Max(0, native.Count);
        histogram.SampleSum = native.Sum;
        histogram.Schema = native.Schema;
        histogram.ZeroThreshold = native.ZeroThreshold;
        histogram.ZeroCount = (ulong)Math.Max(0, native.ZeroCount);
        AddBuckets(native.PositiveBuckets, histogram.PositiveSpan, histogram.PositiveDelta);
        AddBuckets(native.NegativeBuckets, histogram.NegativeSpan, histogram.NegativeDelta);
        if (histogram.PositiveSpan.Count == 0 && histogram.NegativeSpan.Count == 0)
        {
            // No bucket yet: one empty span tells a scraper this is a native histogram.
            histogram.PositiveSpan.Add(new BucketSpan { Offset = 0, Length = 0 });
        }
    }

    private static void AddBuckets(
        IEnumerable<KeyValuePair<int, long>> buckets, Google.Protobuf.Collections.RepeatedField<BucketSpan> spans, Google.Protobuf.Collections.RepeatedField<long> deltas)
    {
        var previousKey = 0;
        long previousCount = 0;
        BucketSpan? span = null;
        foreach (var (key, count) in buckets)
        {
            if (count == 0)
            {
                continue;
            }

            if (span is not null && key == previousKey + 1)
            {
                span.Length++;
            }
            else
            {
                span = new BucketSpan { Offset = span is null ? key : key - previousKey - 1, Length = 1 };
                spans.Add(span);
            }

            deltas.Add(count - previousCount);
            previousKey = key;
            previousCount = count;
        }
    }

    private static Protobuf.Exemplar Exemplar(StoredExemplar exemplar)
    {
        var message = new Protobuf.Exemplar { Value = exemplar.Value };
        foreach (var (name, value) in exemplar.Labels)
        {
            message.Label.Add(new LabelPair { Name = name, Value = value });
        }

        if (exemplar.Timestamp is { } timestamp)
        {
            message.Timestamp = Timestamp.FromDateTimeOffset(timestamp);
        }

        return message;
    }

    private static ulong Count(double value) => value > 0 && double.IsFinite(value) ? (ulong)value : 0;

    private static Timestamp Created(double unixSeconds)
    {
        var seconds = Math.Floor(unixSeconds);
        return new Timestamp { Seconds = (long)seconds, Nanos = (int)Math.Round((unixSeconds - seconds) * 1e9) % 1_000_000_000 };
    }

    private static void WriteVarint(IBufferWriter<byte> output, ulong value)
    {
        var span = output.GetSpan(10);
        var length = 0;
        while (value >= 0x80)
        {
            span[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[length++] = (byte)value;
        output.Advance(length);
    }
}
