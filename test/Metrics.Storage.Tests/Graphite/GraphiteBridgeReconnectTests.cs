using System.Collections.Concurrent;
using Prometheus.Distributed.Testing.Servers;

namespace Prometheus.Distributed.Tests.Graphite;

/// <summary>The bridge loop against a carbon-cache that is not there yet, then is.</summary>
public sealed class GraphiteBridgeReconnectTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Bridge_reports_failed_pushes_keeps_going_and_delivers_once_carbon_listens()
    {
        var carbonPath = CarbonServer.Locate(out var missing);
        if (carbonPath is null)
        {
            ExternalTool.SkipOrFail(missing);
        }

        var port = FreePorts.Take(1)[0];
        await using var metrics = DistributedMetrics.Create(o => o.UseInMemory());
        metrics.CreateCounter("reconnect_events_total", "Events.").Inc(5);
        await metrics.FlushAsync(TestContext.Current.CancellationToken);
        var failures = new ConcurrentQueue<Exception>();
        var bridge = new GraphiteBridge(metrics, new GraphiteBridgeOptions
        {
            Address = "127.0.0.1:" + port,
            Interval = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromMilliseconds(400),
            Prefix = "reconnect",
        })
        {
            PushFailed = failures.Enqueue,
        };
        using var stop = new CancellationTokenSource();
        var loop = bridge.RunAsync(stop.Token);

        await WaitUntilAsync(() => Task.FromResult(failures.Count >= 2));
        await using var carbon = await CarbonServer.StartAsync(carbonPath!, port);
        await WaitUntilAsync(async () => (await carbon.ReadAsync()).GetValueOrDefault("reconnect.reconnect_events_total") == 5);
        await stop.CancelAsync();
        await loop;

        Assert.True(loop.IsCompletedSuccessfully);
        Assert.All(failures, e => Assert.IsAssignableFrom<System.Net.Sockets.SocketException>(e));
    }

    [Fact]
    public async Task Back_off_doubles_per_consecutive_failure_up_to_the_larger_of_interval_and_max_back_off()
    {
        await using var metrics = DistributedMetrics.Create(o => o.UseInMemory());
        var bridge = new GraphiteBridge(metrics, new GraphiteBridgeOptions
        {
            Address = "127.0.0.1:2003",
            Interval = TimeSpan.FromSeconds(1),
            MaxBackoff = TimeSpan.FromSeconds(5),
        });
        var slow = new GraphiteBridge(metrics, new GraphiteBridgeOptions
        {
            Address = "127.0.0.1:2003",
            Interval = TimeSpan.FromMinutes(2),
            MaxBackoff = TimeSpan.FromMinutes(1),
        });

        Assert.Equal(
            [1.0, 2, 4, 5, 5],
            [bridge.DelayAfter(0).TotalSeconds, bridge.DelayAfter(1).TotalSeconds, bridge.DelayAfter(2).TotalSeconds, bridge.DelayAfter(3).TotalSeconds, bridge.DelayAfter(50).TotalSeconds]);
        Assert.Equal(TimeSpan.FromMinutes(2), slow.DelayAfter(3));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!await condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }
}
