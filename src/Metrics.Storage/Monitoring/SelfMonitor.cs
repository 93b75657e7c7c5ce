using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Monitoring;

/// <summary>
/// Watches the flusher and the store reads: records the self-metrics (when enabled) and raises the events a host
/// turns into log lines: a metric reaching its series limit (once per metric), families the store refused, entries
/// a read skipped. The storage library has no logging of its own.
/// </summary>
internal sealed class SelfMonitor : IFlushObserver
{
    private readonly MetricRegistry registry;
    private readonly SelfMetrics? metrics;
    private readonly Dictionary<string, long> reportedDrops = new(StringComparer.Ordinal);
    private readonly HashSet<string> reportedRefusals = new(StringComparer.Ordinal);
    private readonly HashSet<(string Family, SkipReason Reason)> reportedSkips = [];
    private readonly Lock readGate = new();
    private int pendingSeries;
    private int waitedSeries;
    private int recordedPendingSeries;
    private bool appliedOwnMetrics;

    /// <summary>Creates the monitor; <paramref name="metrics"/> is null when self-metrics are off.</summary>
    public SelfMonitor(MetricRegistry registry, SelfMetrics? metrics)
    {
        this.registry = registry;
        this.metrics = metrics;
    }

    /// <summary>A metric (named by the argument) dropped its first update to a new series past its limit; once per metric.</summary>
    public event Action<string>? SeriesLimitReached;

    /// <summary>A flush had families refused; raised once per newly refused family name.</summary>
    public event Action<MetadataConflictException>? FamiliesRefused;

    /// <summary>A read of the store left entries of a family out for a reason; raised once per family and reason.</summary>
    public event Action<SkippedEntry>? EntriesSkipped;

    /// <inheritdoc/>
    public void Collecting()
    {
        foreach (var family in registry.Families)
        {
            var dropped = family.DroppedSeries;
            var name = family.Metadata.Name;
            var reported = reportedDrops.GetValueOrDefault(name);
            if (dropped <= reported)
            {
                continue;
            }

            reportedDrops[name] = dropped;
            metrics?.DroppedSeries.WithLabels(name).Inc(dropped - reported);
            if (reported == 0)
            {
                SeriesLimitReached?.Invoke(name);
            }
        }

        // What waited during an outage is recorded once the store is back (nothing can be written before), then 0.
        var pending = Math.Max(pendingSeries, waitedSeries);
        waitedSeries = 0;
        if (metrics is not null && pending != recordedPendingSeries)
        {
            metrics.PendingSeries.Set(pending);
            recordedPendingSeries = pending;
        }
    }

    /// <inheritdoc/>
    public void Applied(FlushBatch batch)
    {
        pendingSeries = 0;
        appliedOwnMetrics |= !batch.Families.All(f => SelfMetrics.IsSelfMetric(f.Metadata.Name));
    }

    /// <inheritdoc/>
    public void Flushed(TimeSpan duration, bool failed)
    {
        // A flush that only heartbeat or wrote only self-metrics is not timed, so an idle process stops writing after
        // one more flush; a failed one is, since the time it spent blocked on the store is what the histogram is for.
        if (metrics is not null && (failed || appliedOwnMetrics))
        {
            metrics.FlushDuration.Observe(duration.TotalSeconds);
        }

        appliedOwnMetrics = false;
    }

    /// <inheritdoc/>
    public void Failed(int pendingSeries, Exception error)
    {
        this.pendingSeries = pendingSeries;
        waitedSeries = Math.Max(waitedSeries, pendingSeries);
        metrics?.FlushFailures.Inc();
        if (error is ReplicationTimeoutException)
        {
            metrics?.ReplicaWaitTimeouts.Inc();
        }
    }

    /// <inheritdoc/>
    public void Refused(MetadataConflictException conflict)
    {
        var isNew = false;
        foreach (var refused in conflict.Conflicts)
        {
            metrics?.RefusedFlushes.WithLabels(refused.Declared.Name).Inc();
            isNew |= reportedRefusals.Add(refused.Declared.Name);
        }

        if (isNew)
        {
            FamiliesRefused?.Invoke(conflict);
        }
    }

    /// <summary>
    /// Records what one read of the store left out: counted by reason each read, reported once per family and reason.
    /// </summary>
    public void ReadCompleted(SkippedEntries skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        if (skipped.Total == 0)
        {
            return;
        }

        foreach (var reason in SkipReasons.All)
        {
            var count = skipped.Count(reason);
            if (count > 0)
            {
                metrics?.SkippedEntries.WithLabels(SkipReasons.Label(reason)).Inc(count);
            }
        }

        List<SkippedEntry> first = [];
        lock (readGate)
        {
            first.AddRange(skipped.Entries.Where(e => reportedSkips.Add((e.Family, e.Reason))));
        }

        foreach (var entry in first)
        {
            EntriesSkipped?.Invoke(entry);
        }
    }
}
