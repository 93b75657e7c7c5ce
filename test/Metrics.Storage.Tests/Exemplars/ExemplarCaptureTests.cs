using System.Diagnostics;
using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Tests.Metrics;

namespace Prometheus.Distributed.Tests.Exemplars;

/// <summary>Capturing an exemplar on the hot path allocates nothing and never mixes two updates.</summary>
public sealed class ExemplarCaptureTests
{
    [Fact]
    public void Capturing_an_exemplar_allocates_nothing()
    {
        using var activities = new TestActivities();
        using var activity = activities.Start();
        var warmUp = default(ExemplarSlot);
        warmUp.Offer(1);
        var slots = new ExemplarSlot[1000];

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i].Offer(i);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.All(slots, slot => Assert.True(slot.IsFull));
    }

    [Fact]
    public async Task Updating_existing_series_inside_a_sampled_activity_allocates_nothing()
    {
        using var activities = new TestActivities();
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;
        var counter = metrics.CreateCounter("requests_total", "Requests.", "route");
        var histogram = metrics.CreateHistogram("duration_seconds", "Duration.", "route");
        using var activity = activities.Start();
        counter.WithLabels("/orders/{id}").Inc();
        histogram.WithLabels("/orders/{id}").Observe(0.042);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            counter.WithLabels("/orders/{id}").Inc();
            counter.WithLabels("/orders/{id}").Inc(0.5);
            histogram.WithLabels("/orders/{id}").Observe(i / 100.0);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>
    /// Four threads increment one series, each inside its own sampled activity and always by its own amount, while the
    /// flusher's side takes the exemplars: every exemplar taken pairs a thread's trace id with that thread's amount.
    /// </summary>
    [Fact]
    public async Task An_exemplar_is_never_torn_between_concurrent_updates()
    {
        using var activities = new TestActivities();
        var series = new CounterSeries("{}", exemplars: true);
        var amounts = new Dictionary<ActivityTraceId, double>();
        using var stop = new CancellationTokenSource();
        var ready = new CountdownEvent(4);
        var writers = Enumerable.Range(1, 4).Select(amount => Task.Factory.StartNew(
            () =>
            {
                using var activity = activities.Start();
                lock (amounts)
                {
                    amounts[activity.TraceId] = amount;
                }

                ready.Signal();
                while (!stop.IsCancellationRequested)
                {
                    series.Inc(amount);
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();
        ready.Wait(TestContext.Current.CancellationToken);

        var taken = new List<ExemplarWrite>();
        var writes = new List<SampleWrite>();
        while (taken.Count < 200_000)
        {
            writes.Clear();
            series.Collect(writes);
            taken.AddRange(writes.Select(w => w.Exemplar).OfType<ExemplarWrite>());
            Assert.DoesNotContain(writers, w => w.IsFaulted);
        }

        await stop.CancelAsync();
        await Task.WhenAll(writers);
        Assert.All(taken, e => Assert.Equal(amounts[e.TraceId], e.Value));
        Assert.True(taken.Select(e => e.TraceId).Distinct().Count() > 1, "Only one thread's exemplars were taken.");
    }
}
