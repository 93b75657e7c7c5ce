using System.Diagnostics;
using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Testing.Servers;
using StackExchange.Redis;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;

namespace Prometheus.Distributed.Tests.Stores.Redis;

/// <summary>Freezes a dedicated redis-server (SIGSTOP) so a flush lands but its reply never arrives in time.</summary>
[Collection(RedisServerGroup.Name)]
public sealed class RedisLostReplyTests(RedisServerFixture fixture)
{
    private const string Field = "_total:{\"kind\":\"a\"}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Retried_batch_after_lost_reply_counts_once()
    {
        fixture.Require();
        await using var server = await RedisServer.StartAsync(fixture.Tools!, []);
        var prefix = NewPrefix();
        // Long enough for the calls before the freeze on a loaded machine; the frozen call still times out.
        await using var store = NewStore(server.EndPoint + ",syncTimeout=2000", prefix);
        using var redis = await ConnectionMultiplexer.ConnectAsync(server.EndPoint);
        var counter = Counter("orders", "kind");
        await store.ApplyAsync(Batch("i1", 1, new FamilyWrite(counter, [Add("_total", "{\"kind\":\"a\"}", 1)])), Ct);
        var lost = Batch("i1", 2, new FamilyWrite(counter, [Add("_total", "{\"kind\":\"a\"}", 10)]));

        await server.FreezeAsync();
        try
        {
            await Assert.ThrowsAsync<TimeoutException>(() => store.ApplyAsync(lost, Ct));
        }
        finally
        {
            await server.ThawAsync();
        }

        await WaitForValueAsync(redis.GetDatabase(), prefix + "_orders", 11);
        await store.ApplyAsync(lost, Ct);

        Assert.Equal(11, Fields(await store.ReadAsync(Ct), "orders")[Field]);
    }

    /// <summary>Waits until the frozen call has run on the thawed server, so the retry really is a duplicate.</summary>
    private static async Task WaitForValueAsync(IDatabase database, string key, double expected)
    {
        var clock = Stopwatch.StartNew();
        while ((double?)await database.HashGetAsync(key, Field) != expected)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "The flush sent while the server was frozen never ran.");
            await Task.Delay(TimeSpan.FromMilliseconds(10), Ct);
        }
    }
}
