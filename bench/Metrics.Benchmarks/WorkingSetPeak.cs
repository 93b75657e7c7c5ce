using System.Diagnostics;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// Samples this process's working set every 10 ms in the background and keeps the highest, for a benchmark that reports
/// how far above its idle working set an operation takes the process.
/// </summary>
internal sealed class WorkingSetPeak : IDisposable
{
    private readonly Timer timer;
    private long peak;

    /// <summary>Collects garbage, records the idle working set and starts sampling.</summary>
    public WorkingSetPeak()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Idle = Current();
        peak = Idle;
        timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(10));
    }

    /// <summary>The working set when sampling started, in bytes.</summary>
    public long Idle { get; }

    /// <summary>The highest working set sampled so far, in bytes.</summary>
    public long Peak => Interlocked.Read(ref peak);

    /// <summary>Stops sampling.</summary>
    public void Dispose() => timer.Dispose();

    private static long Current()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private void Sample()
    {
        var now = Current();
        long seen;
        do
        {
            seen = Interlocked.Read(ref peak);
        }
        while (now > seen && Interlocked.CompareExchange(ref peak, now, seen) != seen);
    }
}
