using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Metrics;
using StackExchange.Redis;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// The ARGV of one <see cref="RedisScripts.ApplyChunk"/> call. A family part's writes go in their order as runs of one
/// operation (operation, run length, then field and value per write), so a flush of 10 000 counters is one run of
/// 20 002 arguments instead of 30 000, and a 2 000-write chunk's array stays off the large object heap. Exemplars
/// (another hash, so their order against the data writes does not matter) follow as one run of their own.
/// </summary>
internal static class ChunkArguments
{
    // The operations of ApplyChunk, encoded once.
    private static readonly RedisValue AddInteger = "i";
    private static readonly RedisValue Add = "a";
    private static readonly RedisValue Set = "s";
    private static readonly RedisValue SetIfAbsent = "n";
    private static readonly RedisValue Exemplar = "x";

    /// <summary>The arguments of a chunk: its marker, the previous chunk's marker, the expiry, then its family parts.</summary>
    public static RedisValue[] Build(string marker, string previous, string expiry, string instanceId, IReadOnlyList<FamilyWrite> chunk)
    {
        var spans = new int[chunk.Count];
        var count = 3;
        for (var i = 0; i < chunk.Count; i++)
        {
            spans[i] = Span(chunk[i]);
            count += 4 + spans[i];
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
            var perInstance = family.Metadata.Mode.IsPerInstance();
            var exemplars = ExemplarCount(family);
            arguments[next++] = family.Metadata.Name;
            arguments[next++] = family.Metadata.ToJson();
            arguments[next++] = family.Samples.Count + exemplars;
            arguments[next++] = spans[i];
            var run = -1;
            var runOperation = ' ';
            foreach (var sample in family.Samples)
            {
                var operation = OperationOf(sample, perInstance);
                if (operation != runOperation)
                {
                    EndRun(arguments, run, next);
                    run = next;
                    runOperation = operation;
                    arguments[next] = Encoded(operation);
                    next += 2;
                }

                arguments[next++] = perInstance ? instancePrefix + sample.Subkey : sample.Subkey;
                arguments[next++] = RedisFloat.ToArgument(sample.Value);
            }

            EndRun(arguments, run, next);
            if (exemplars > 0)
            {
                arguments[next++] = Exemplar;
                arguments[next++] = exemplars;
                foreach (var sample in family.Samples)
                {
                    if (sample.Exemplar is { } exemplar)
                    {
                        arguments[next++] = sample.Subkey;
                        arguments[next++] = ExemplarJson.Write(exemplar);
                    }
                }
            }
        }

        return arguments;
    }

    /// <summary>The arguments a family part's runs take: two per write and per run, its exemplars included.</summary>
    private static int Span(FamilyWrite family)
    {
        var perInstance = family.Metadata.Mode.IsPerInstance();
        var runs = 0;
        var runOperation = ' ';
        foreach (var sample in family.Samples)
        {
            var operation = OperationOf(sample, perInstance);
            if (operation != runOperation)
            {
                runs++;
                runOperation = operation;
            }
        }

        var exemplars = ExemplarCount(family);
        return (2 * (family.Samples.Count + runs)) + (exemplars > 0 ? 2 * (exemplars + 1) : 0);
    }

    /// <summary>Writes the length of the run that starts at <paramref name="run"/> and ends before <paramref name="end"/>.</summary>
    private static void EndRun(RedisValue[] arguments, int run, int end)
    {
        if (run >= 0)
        {
            arguments[run + 1] = (end - run - 2) / 2;
        }
    }

    /// <summary>
    /// The operation of a write: a per-instance gauge's values are set (in its own fields), and an add of a whole
    /// number that goes as an integer argument is an integer add.
    /// </summary>
    private static char OperationOf(SampleWrite sample, bool perInstance) =>
        perInstance ? 's' : sample.Kind switch
        {
            WriteKind.Add => RedisFloat.IsIntegerArgument(sample.Value) ? 'i' : 'a',
            WriteKind.Set => 's',
            _ => 'n',
        };

    private static RedisValue Encoded(char operation) => operation switch
    {
        'i' => AddInteger,
        'a' => Add,
        's' => Set,
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
