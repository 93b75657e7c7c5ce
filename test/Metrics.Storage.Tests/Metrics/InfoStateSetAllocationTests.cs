namespace Prometheus.Distributed.Tests.Metrics;

/// <summary>Info and state set calls on an existing series allocate nothing (measured per thread, so it cannot be noise).</summary>
public sealed class InfoStateSetAllocationTests
{
    [Fact]
    public async Task Updating_existing_info_and_state_set_series_allocates_nothing()
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;
        var build = metrics.CreateInfo("build", "Build.", "env");
        var consumer = metrics.CreateStateSet("consumer_state", "Consumer state.", ["running", "paused", "stopped"], "queue");
        Exercise(build, consumer);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Exercise(build, consumer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void Exercise(IInfo build, IStateSet consumer)
    {
        build.WithLabels("prod").Set(("version", "1.4.2"), ("commit", "9f2c1e"));
        build.WithLabels("prod").Set(("commit", "9f2c1e"), ("version", "1.4.2"));
        consumer.WithLabels("orders").SetOnly("running");
        consumer.WithLabels("orders").Set("paused", true);
        consumer.WithLabels("orders").Set("paused", false);
    }
}
