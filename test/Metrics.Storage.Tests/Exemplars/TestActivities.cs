using System.Diagnostics;

namespace Prometheus.Distributed.Tests.Exemplars;

/// <summary>
/// An <see cref="ActivitySource"/> of its own (so no other test's activities are affected) with a listener that
/// decides how its activities are sampled, as an OpenTelemetry SDK would.
/// </summary>
internal sealed class TestActivities : IDisposable
{
    private readonly ActivitySource source = new("Prometheus.Distributed.Tests.Exemplars." + Guid.NewGuid().ToString("N"));
    private readonly ActivityListener listener;

    /// <summary>Listens to the source, sampling every activity with <paramref name="sampling"/>.</summary>
    public TestActivities(ActivitySamplingResult sampling = ActivitySamplingResult.AllDataAndRecorded)
    {
        listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => sampling,
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>Starts an activity, current until disposed; fails when the source created none.</summary>
    public Activity Start() => source.StartActivity("work") ?? throw new InvalidOperationException("No activity was created.");

    public void Dispose()
    {
        listener.Dispose();
        source.Dispose();
    }
}
