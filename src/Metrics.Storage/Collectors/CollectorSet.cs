using System.Collections.Concurrent;
using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed.Collectors;

/// <summary>
/// The custom collectors of one <see cref="DistributedMetrics"/>: runs them concurrently, each within the time
/// budget and on the thread pool (a collector that blocks cannot hold up the scrape), merges what they produced into
/// the stored exposition, and counts every skipped run in <c>distributed_metrics_collector_failures_total</c>.
/// A collector family whose name or sample names are already taken by a stored family (or an earlier collector's)
/// is skipped and counted: the stored family is the same on every instance, a collector's output is not.
/// </summary>
/// <param name="timeout">How long one collector may take.</param>
/// <param name="nameValidation">The names collectors' families may have.</param>
internal sealed class CollectorSet(TimeSpan timeout, NameValidation nameValidation = NameValidation.Legacy)
{
    /// <summary>The self-metric's family name (a counter: samples are <c>..._total</c>).</summary>
    public const string FailuresFamily = "distributed_metrics_collector_failures";

    private const string FailuresHelp =
        "Custom collector runs skipped on the instance serving this scrape: the collector threw, ran out of time, or added a family whose name was taken.";

    private readonly Lock gate = new();
    private readonly List<IMetricsCollector> added = [];
    private readonly List<Func<IEnumerable<IMetricsCollector>>> sources = [];
    private readonly ConcurrentDictionary<string, long> failures = new(StringComparer.Ordinal);
    private IMetricsCollector[]? resolved;

    /// <summary>Called with the collector's name and the reason each time a run or a family is skipped.</summary>
    public Action<string, Exception>? CollectorFailed { get; set; }

    /// <summary>Adds a collector.</summary>
    public void Add(IMetricsCollector collector)
    {
        ArgumentNullException.ThrowIfNull(collector);
        lock (gate)
        {
            added.Add(collector);
            resolved = null;
        }
    }

    /// <summary>Adds collectors resolved at the first scrape (a DI container's registrations).</summary>
    public void AddSource(Func<IEnumerable<IMetricsCollector>> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (gate)
        {
            sources.Add(source);
            resolved = null;
        }
    }

    /// <summary>Runs every collector; completes when each has finished, failed or run out of time.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<CollectorOutcome[]> RunAsync(CancellationToken cancellationToken)
    {
        var collectors = Current();
        return collectors.Length == 0
            ? []
            : await Task.WhenAll(collectors.Select(c => RunOneAsync(c, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds the collectors' families to <paramref name="stored"/> in name order, skipping (and counting) those whose
    /// names are taken, then the failure counts when any collector is registered.
    /// </summary>
    public ExpositionSnapshot Merge(ExpositionSnapshot stored, IReadOnlyList<CollectorOutcome> outcomes)
    {
        if (failures.IsEmpty)
        {
            return stored;
        }

        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var family in stored.Families)
        {
            claimed.UnionWith(FamilyShape.ClaimedNames(family.Name, family.Type));
        }

        var extra = new List<FamilySnapshot>();
        foreach (var outcome in outcomes)
        {
            foreach (var family in outcome.Families ?? [])
            {
                var names = family.ClaimedNames;
                if (names.Any(claimed.Contains))
                {
                    Fail(outcome.Name, new InvalidOperationException(
                        $"Family '{family.Name}' of collector {outcome.Name} was skipped: its name or sample names are taken by a stored family or another collector's."));
                    continue;
                }

                claimed.UnionWith(names);
                extra.Add(family.ToSnapshot());
            }
        }

        if (!claimed.Contains(FailuresFamily) && !claimed.Contains(FailuresFamily + FamilyShape.Total))
        {
            extra.Add(FailuresSnapshot());
        }

        return new ExpositionSnapshot(MergeByName(stored.Families, extra), stored.Skipped);
    }

    private static List<FamilySnapshot> MergeByName(IReadOnlyList<FamilySnapshot> stored, List<FamilySnapshot> extra)
    {
        extra.Sort(static (x, y) => string.CompareOrdinal(x.Name, y.Name));
        var merged = new List<FamilySnapshot>(stored.Count + extra.Count);
        var next = 0;
        foreach (var family in stored)
        {
            while (next < extra.Count && string.CompareOrdinal(extra[next].Name, family.Name) < 0)
            {
                merged.Add(extra[next++]);
            }

            merged.Add(family);
        }

        merged.AddRange(extra.Skip(next));
        return merged;
    }

    private static string NameOf(IMetricsCollector collector) => collector.GetType().Name;

    private IMetricsCollector[] Current()
    {
        lock (gate)
        {
            if (resolved is null)
            {
                resolved = [.. added, .. sources.SelectMany(source => source())];
                foreach (var collector in resolved)
                {
                    failures.TryAdd(NameOf(collector), 0);
                }
            }

            return resolved;
        }
    }

    private async Task<CollectorOutcome> RunOneAsync(IMetricsCollector collector, CancellationToken scrape)
    {
        var name = NameOf(collector);
        var sink = new CollectorSink(nameValidation);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(scrape);
        budget.CancelAfter(timeout);
        try
        {
            await Task.Run(() => collector.CollectAsync(sink, budget.Token).AsTask(), budget.Token)
                .WaitAsync(timeout, scrape)
                .ConfigureAwait(false);
            return new CollectorOutcome(name, sink.Families);
        }
        catch (OperationCanceledException) when (scrape.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is TimeoutException || budget.IsCancellationRequested)
        {
            await budget.CancelAsync().ConfigureAwait(false);
            Fail(name, new TimeoutException(
                $"Collector {name} did not finish within {timeout.TotalSeconds:0.###} s; it was skipped.", e));
        }
#pragma warning disable CA1031 // A failing collector is reported and skipped; the scrape goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Fail(name, e);
        }

        return new CollectorOutcome(name, null);
    }

    private void Fail(string name, Exception reason)
    {
        failures.AddOrUpdate(name, 1, static (_, count) => count + 1);
        try
        {
            CollectorFailed?.Invoke(name, reason);
        }
#pragma warning disable CA1031 // A broken failure callback must not break the scrape.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private FamilySnapshot FailuresSnapshot()
    {
        var series = failures
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new SeriesSnapshot(
                [new KeyValuePair<string, string>("collector", pair.Key)],
                [new SampleSnapshot(FamilyShape.Total, null, pair.Value)]))
            .ToArray();
        return FamilySnapshot.FromSeries(FailuresFamily, MetricType.Counter, FailuresHelp, series);
    }
}
