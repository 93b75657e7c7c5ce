using System.Diagnostics;

namespace Prometheus.Distributed.Runtime;

/// <summary>
/// The process and runtime metrics every Prometheus client exports, under the standard names (and prometheus-net's for
/// the .NET ones), read once per flush, never on the hot path. Totals that add up across processes (CPU seconds, GC
/// collections) are counters: each process adds what it used since its last reading, so the stored sum covers every
/// process that ever ran and survives them. Values that belong to one running process (memory, start time, handles,
/// threads) are <see cref="GaugeMode.LivePerInstance"/> gauges: one series per live instance, gone when it dies.
/// </summary>
internal sealed class ProcessMetrics
{
    private readonly Process process = Process.GetCurrentProcess();
    private readonly ICounter cpuSeconds;
    private readonly ICounterSeries[] collections;
    private readonly IGaugeSeries startTime;
    private readonly IGaugeSeries residentMemory;
    private readonly IGaugeSeries virtualMemory;
    private readonly IGaugeSeries openFds;
    private readonly IGaugeSeries? maxFds;
    private readonly IGaugeSeries threads;
    private readonly IGaugeSeries managedMemory;
    private readonly IGaugeSeries threadPoolThreads;
    private readonly IGaugeSeries threadPoolQueue;
    private readonly int[] collectionsCounted;
    private TimeSpan cpuCounted;

    /// <summary>Declares the metrics in <paramref name="metrics"/>; nothing is read until <see cref="Refresh"/>.</summary>
    public ProcessMetrics(IMetricFactory metrics)
    {
        cpuSeconds = metrics.CreateCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds, summed over every process that wrote it.");
        var generations = metrics.CreateCounter("dotnet_collection_count_total", "GC collection count, summed over every process that wrote it.", "generation");
        collections = [.. Enumerable.Range(0, GC.MaxGeneration + 1).Select(g => generations.WithLabels(g.ToString(System.Globalization.CultureInfo.InvariantCulture)))];
        collectionsCounted = new int[collections.Length];
        startTime = Gauge(metrics, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.");
        residentMemory = Gauge(metrics, "process_resident_memory_bytes", "Resident memory size in bytes.");
        virtualMemory = Gauge(metrics, "process_virtual_memory_bytes", "Virtual memory size in bytes.");
        openFds = Gauge(metrics, "process_open_fds", "Number of open file descriptors (open handles where there are none).");
        maxFds = ProcFiles.MaxOpenFiles() is null ? null : Gauge(metrics, "process_max_fds", "Maximum number of open file descriptors.");
        threads = Gauge(metrics, "process_num_threads", "Total number of threads.");
        managedMemory = Gauge(metrics, "dotnet_total_memory_bytes", "Total known allocated memory.");
        threadPoolThreads = Gauge(metrics, "dotnet_threadpool_num_threads", "Number of thread pool threads.");
        threadPoolQueue = Gauge(metrics, "dotnet_threadpool_queue_length", "Number of work items queued to the thread pool.");
    }

    /// <summary>Reads the process and the runtime and records what changed; called before each flush collects.</summary>
    public void Refresh()
    {
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        cpuSeconds.Inc(Math.Max(0, (cpu - cpuCounted).TotalSeconds));
        cpuCounted = cpu;
        for (var generation = 0; generation < collections.Length; generation++)
        {
            var count = GC.CollectionCount(generation);
            collections[generation].Inc(count - collectionsCounted[generation]);
            collectionsCounted[generation] = count;
        }

        startTime.Set(new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        residentMemory.Set(process.WorkingSet64);
        virtualMemory.Set(process.VirtualMemorySize64);
        openFds.Set(ProcFiles.OpenFiles() ?? process.HandleCount);
        if (maxFds is not null && ProcFiles.MaxOpenFiles() is { } max)
        {
            maxFds.Set(max);
        }

        threads.Set(process.Threads.Count);
        managedMemory.Set(GC.GetTotalMemory(forceFullCollection: false));
        threadPoolThreads.Set(ThreadPool.ThreadCount);
        threadPoolQueue.Set(ThreadPool.PendingWorkItemCount);
    }

    private static IGaugeSeries Gauge(IMetricFactory metrics, string name, string help) =>
        metrics.CreateGauge(name, help, GaugeMode.LivePerInstance);
}
