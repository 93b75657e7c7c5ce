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
/// messages are generated from <c>Protobuf/metrics.proto</c>; families are encoded into a buffer and written to the
/// stream asynchronously, as a response body must be.
/// </summary>
internal static class ProtobufExpositionWriter
{
    /// <summary>The content type Prometheus asks for with <c>proto=io.prometheus.client.MetricFamily;encoding=delimited</c>.</summary>
    public const string ContentType = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

    private const int DrainAt = 64 * 1024;

    /// <summary>Writes every family of <paramref name="snapshot"/> in its order; does not flush or close the stream.</summary>
    public static async Task WriteAsync(ExpositionSnapshot snapshot, Stream output, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        foreach (var family in snapshot.Families)
        {
            ToMessage(family).WriteDelimitedTo(buffer);
            if (buffer.Length >= DrainAt)
            {
                await DrainAsync(buffer, output, cancellationToken).ConfigureAwait(false);
            }
        }

        await DrainAsync(buffer, output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The message of one family.</summary>
    public static Protobuf.MetricFamily ToMessage(FamilySnapshot family)
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

        foreach (var series in family.Series)
        {
            message.Metric.Add(ToMessage(family.Type, series));
        }

        return message;
    }

    private static Metric ToMessage(Distributed.MetricType type, SeriesSnapshot series)
    {
        var metric = new Metric();
        foreach (var (name, value) in series.Labels)
        {
            metric.Label.Add(new LabelPair { Name = name, Value = value });
        }

        switch (type)
        {
            case Distributed.MetricType.Counter:
                metric.Counter = Counter(series);
                break;
            case Distributed.MetricType.Summary:
                metric.Summary = Summary(series);
                break;
            case Distributed.MetricType.Histogram or Distributed.MetricType.GaugeHistogram:
                metric.Histogram = Histogram(series);
                break;
            case Distributed.MetricType.Unknown:
                metric.Untyped = new Untyped { Value = series.Samples.Count > 0 ? series.Samples[0].Value : 0 };
                break;
            default:
                metric.Gauge = new Gauge { Value = series.Samples.Count > 0 ? series.Samples[0].Value : 0 };
                break;
        }

        foreach (var sample in series.Samples)
        {
            if (sample.Extras?.TimestampMilliseconds is { } milliseconds)
            {
                metric.TimestampMs = milliseconds;
                break;
            }
        }

        return metric;
    }

    private static Protobuf.Counter Counter(SeriesSnapshot series)
    {
        var counter = new Protobuf.Counter();
        foreach (var sample in series.Samples)
        {
            if (sample.Suffix == FamilyShape.Total)
            {
                counter.Value = sample.Value;
                if (sample.Extras?.Exemplar is { } exemplar)
                {
                    counter.Exemplar = Exemplar(exemplar);
                }
            }
            else if (sample.Suffix == FamilyShape.Created)
            {
                counter.CreatedTimestamp = Created(sample.Value);
            }
        }

        return counter;
    }

    private static Protobuf.Summary Summary(SeriesSnapshot series)
    {
        var summary = new Protobuf.Summary();
        foreach (var sample in series.Samples)
        {
            if (sample.Suffix.Length == 0)
            {
                if (sample.Bound is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var quantile))
                {
                    summary.Quantile.Add(new Quantile { Quantile_ = quantile, Value = sample.Value });
                }
            }
            else if (sample.Suffix == FamilyShape.Count)
            {
                summary.SampleCount = Count(sample.Value);
            }
            else if (sample.Suffix == FamilyShape.Sum)
            {
                summary.SampleSum = sample.Value;
            }
            else if (sample.Suffix == FamilyShape.Created)
            {
                summary.CreatedTimestamp = Created(sample.Value);
            }
        }

        return summary;
    }

    private static Protobuf.Histogram Histogram(SeriesSnapshot series)
    {
        var histogram = new Protobuf.Histogram();
        foreach (var sample in series.Samples)
        {
            if (sample.Suffix == FamilyShape.Bucket)
            {
                if (sample.Bound is { } le && le != "+Inf" && double.TryParse(le, NumberStyles.Float, CultureInfo.InvariantCulture, out var bound))
                {
                    var bucket = new Bucket { UpperBound = bound, CumulativeCount = Count(sample.Value) };
                    if (sample.Extras?.Exemplar is { } exemplar)
                    {
                        bucket.Exemplar = Exemplar(exemplar);
                    }

                    histogram.Bucket.Add(bucket);
                }
            }
            else if (sample.Suffix is FamilyShape.Count or FamilyShape.GaugeCount)
            {
                histogram.SampleCount = Count(sample.Value);
            }
            else if (sample.Suffix is FamilyShape.Sum or FamilyShape.GaugeSum)
            {
                histogram.SampleSum = sample.Value;
            }
            else if (sample.Suffix == FamilyShape.Created)
            {
                histogram.CreatedTimestamp = Created(sample.Value);
            }
        }

        if (series.Native is { } native)
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

    private static async Task DrainAsync(MemoryStream buffer, Stream output, CancellationToken cancellationToken)
    {
        await output.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        buffer.SetLength(0);
    }
}
