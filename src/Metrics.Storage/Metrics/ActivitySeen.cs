using System.Diagnostics;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// Whether an <see cref="Activity"/> has ever been current in this process. Until one has, no update can carry an
/// exemplar, so the hot path reads one static flag instead of <see cref="Activity.Current"/> (an async-local
/// lookup). The first change of <see cref="Activity.Current"/> anywhere sets the flag for good and unsubscribes, so a
/// process that traces pays nothing more than the lookup it needs anyway.
/// </summary>
internal static class ActivitySeen
{
    private static volatile bool seen;

    static ActivitySeen()
    {
        Activity.CurrentChanged += OnCurrentChanged;
        if (Activity.Current is not null)
        {
            SetSeen();
        }
    }

    /// <summary>True once an activity has been current; from then on updates look at <see cref="Activity.Current"/>.</summary>
    public static bool Yes => seen;

    /// <summary>Starts watching (at the first metric declared with exemplars on, before any request runs).</summary>
    public static void Watch() => _ = seen;

    private static void OnCurrentChanged(object? sender, ActivityChangedEventArgs e) => SetSeen();

    private static void SetSeen()
    {
        seen = true;
        Activity.CurrentChanged -= OnCurrentChanged;
    }
}
