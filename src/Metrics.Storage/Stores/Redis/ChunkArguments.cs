using System.Globalization;
using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Metrics;
using StackExchange.Redis;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// The ARGV of one <see cref="RedisScripts.ApplyChunk"/> call. A family part's writes go in their order as runs of one
/// operation (operation, run length, then field and value per write); integer adds of one delta to consecutive fields
/// (counters and buckets that each grew by one) share the delta (operation, run length, delta, then the fields). So a
/// flush of 10 000 counters that each grew by one is 10 003 arguments instead of 30 000, and a 2 000-write chunk's
/// array stays off the large object heap. Exemplars (another hash, so their order against the data writes does not
/// matter) follow as one run of their own.
/// </summary>
internal static class ChunkArguments
{
    // The operations of ApplyChunk, encoded once.
    private static readonly RedisValue AddInteger = "i";
    private static readonly RedisValue AddSharedInteger = "I";
    private static readonly RedisValue Add = "a";
    private static readonly RedisValue Set = "s";
    private static readonly RedisValue SetIfAbsent = "n";
    private static readonly RedisValue Exemplar = "x";
    private static readonly RedisValue RemoveField = "r";
    private static readonly RedisValue RemoveInstanceField = "R";
    private static readonly RedisValue ClearFamily = "c";
    private static readonly RedisValue Native = "h";
    private static readonly RedisValue Sketch = "q";

    /// <summary>
    /// The arguments of a chunk: its marker, the previous chunk's marker, the expiry, then its family parts (each with its
    /// own expiry in milliseconds: <see cref="FamilyWrite.Expiry"/>, else <paramref name="expiry"/>).
    /// </summary>
    public static RedisValue[] Build(string marker, string previous, string expiry, string instanceId, IReadOnlyList<FamilyWrite> chunk)
    {
        var spans = new int[chunk.Count];
        var count = 3;
        for (var i = 0; i < chunk.Count; i++)
        {
            spans[i] = Span(chunk[i]);
            count += 5 + spans[i];
        }

        var arguments = new RedisValue[count];
        arguments[0] = marker;
        arguments[1] = previous;
        arguments[2] = expiry;
        var next = 3;
        var instancePrefix = InstanceField.Prefix(instanceId);
        for (var i = 0; i < chunk.Count; i++)
        {
            var family = chunk[i];
            var samples = family.Samples;
            var perInstance = family.Metadata.Mode.IsPerInstance();
            var exemplars = ExemplarCount(family);
            arguments[next++] = family.Metadata.Name;
            arguments[next++] = family.Metadata.ToJson();
            arguments[next++] = samples.Count + exemplars + family.NativeSeries.Count;
            arguments[next++] = spans[i];
            arguments[next++] = family.Expiry is { } own ? ((long)own.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) : expiry;
            for (var start = 0; start < samples.Count;)
            {
                var (operation, end) = NextRun(samples, start, perInstance);
                arguments[next++] = Encoded(operation);
                arguments[next++] = end - start;
                if (operation == 'I')
                {
                    arguments[next++] = RedisFloat.ToArgument(samples[start].Value);
                }

                for (var s = start; s < end; s++)
                {
                    arguments[next++] = perInstance && operation == 's' ? instancePrefix + samples[s].Subkey : samples[s].Subkey;
                    if (operation != 'I')
                    {
                        arguments[next++] = RedisFloat.ToArgument(samples[s].Value);
                    }
                }

                start = end;
            }

            if (exemplars > 0)
            {
                arguments[next++] = Exemplar;
                arguments[next++] = exemplars;
                foreach (var sample in samples)
                {
                    if (sample.Exemplar is { } exemplar)
                    {
                        arguments[next++] = sample.Subkey;
                        arguments[next++] = ExemplarJson.Write(exemplar);
                    }
                }
            }

            next = AddNative(arguments, next, family);
        }

        return arguments;
    }

    /// <summary>The arguments a family part's runs take, its exemplars included.</summary>
    private static int Span(FamilyWrite family)
    {
        var samples = family.Samples;
        var perInstance = family.Metadata.Mode.IsPerInstance();
        var span = 0;
        for (var start = 0; start < samples.Count;)
        {
            var (operation, end) = NextRun(samples, start, perInstance);
            span += operation == 'I' ? 3 + end - start : 2 + (2 * (end - start));
            start = end;
        }

        var exemplars = ExemplarCount(family);
        return span + (exemplars > 0 ? 2 + (2 * exemplars) : 0) + NativeSpan(family);
    }

    /// <summary>The arguments of a family part's native-histogram or sketch run: none without native series.</summary>
    private static int NativeSpan(FamilyWrite family)
    {
        var series = family.NativeSeries;
        if (series.Count == 0)
        {
            return 0;
        }

        var span = family.SketchSlot is null ? 2 : 5;
        foreach (var write in series)
        {
            span += 9 + (2 * (write.Positive.Count + write.Negative.Count));
        }

        return span;
    }

    /// <summary>
    /// Writes the native-histogram run (<c>h</c>) or, for a summary's sketches, the sketch run (<c>q</c>, with its slot, the
    /// oldest slot to keep and the expiry), see <see cref="RedisScripts.ApplyChunk"/>, from <paramref name="next"/>;
    /// returns the next free index.
    /// </summary>
    private static int AddNative(RedisValue[] arguments, int next, FamilyWrite family)
    {
        var series = family.NativeSeries;
        if (series.Count == 0)
        {
            return next;
        }

        arguments[next++] = family.SketchSlot is null ? Native : Sketch;
        arguments[next++] = series.Count;
        if (family.SketchSlot is { } slot)
        {
            var window = family.Metadata.Window ?? throw new InvalidOperationException("A sketch write needs its summary's window.");
            arguments[next++] = slot;
            arguments[next++] = window.OldestKept(slot);
            arguments[next++] = window.ExpiresAtMilliseconds(slot);
        }

        foreach (var write in series)
        {
            arguments[next++] = write.LabelsJson;
            arguments[next++] = write.RemovesStored ? 1 : 0;
            arguments[next++] = write.Schema;
            arguments[next++] = RedisFloat.ToArgument(write.ZeroThreshold);
            arguments[next++] = write.ZeroCount;
            arguments[next++] = write.Count;
            arguments[next++] = RedisFloat.ToArgument(write.Sum);
            foreach (var buckets in (IReadOnlyList<KeyValuePair<int, long>>[])[write.Positive, write.Negative])
            {
                arguments[next++] = buckets.Count;
                foreach (var (key, count) in buckets)
                {
                    arguments[next++] = key;
                    arguments[next++] = count;
                }
            }
        }

        return next;
    }

    /// <summary>
    /// The run that starts at <paramref name="start"/>: its operation and where it ends. Two or more integer adds of one
    /// delta in a row are a shared-delta run (<c>I</c>); an integer-add run (<c>i</c>) stops where such a pair begins.
    /// </summary>
    private static (char Operation, int End) NextRun(IReadOnlyList<SampleWrite> samples, int start, bool perInstance)
    {
        var operation = OperationOf(samples[start], perInstance);
        var end = start + 1;
        if (operation == 'i' && SharesDelta(samples, start, perInstance))
        {
            while (end < samples.Count && SharesDelta(samples, end - 1, perInstance))
            {
                end++;
            }

            return ('I', end);
        }

        while (end < samples.Count && OperationOf(samples[end], perInstance) == operation
            && !(operation == 'i' && SharesDelta(samples, end, perInstance)))
        {
            end++;
        }

        return (operation, end);
    }

    /// <summary>True when the writes at <paramref name="index"/> and after it are integer adds of the same delta.</summary>
    private static bool SharesDelta(IReadOnlyList<SampleWrite> samples, int index, bool perInstance) =>
        index + 1 < samples.Count
        && OperationOf(samples[index], perInstance) == 'i'
        && OperationOf(samples[index + 1], perInstance) == 'i'
        && samples[index].Value == samples[index + 1].Value;

    /// <summary>
    /// The operation of a write: a removal removes (in a per-instance gauge family every instance's value of the field);
    /// otherwise a per-instance gauge's values are set (in its own fields), and an add of a whole number that goes as an
    /// integer argument is an integer add.
    /// </summary>
    private static char OperationOf(SampleWrite sample, bool perInstance) =>
        sample.Kind switch
        {
            WriteKind.Remove => perInstance ? 'R' : 'r',
            WriteKind.Clear => 'c',
            _ when perInstance => 's',
            WriteKind.Add => RedisFloat.IsIntegerArgument(sample.Value) ? 'i' : 'a',
            WriteKind.Set => 's',
            _ => 'n',
        };

    private static RedisValue Encoded(char operation) => operation switch
    {
        'I' => AddSharedInteger,
        'i' => AddInteger,
        'a' => Add,
        's' => Set,
        'r' => RemoveField,
        'R' => RemoveInstanceField,
        'c' => ClearFamily,
        _ => SetIfAbsent,
    };

    /// <summary>The exemplar writes a family part carries besides its writes (none for per-instance gauges).</summary>
    private static int ExemplarCount(FamilyWrite family)
    {
        if (family.Metadata.Mode.IsPerInstance())
        {
            return 0;
        }

        var exemplars = 0;
        foreach (var sample in family.Samples)
        {
            if (sample.Exemplar is not null)
            {
                exemplars++;
            }
        }

        return exemplars;
    }
}
