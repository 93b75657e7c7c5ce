using BenchmarkDotNet.Attributes;
using StackExchange.Redis;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// Peer for the distributed path: a client that writes every increment through to Redis, as the Python
/// prometheus-distributed-client does (HINCRBYFLOAT then EXPIRE on the family's hash, one round trip per increment).
/// </summary>
public class WriteThroughBenchmarks
{
    private static readonly RedisKey Key = "prometheus_bench_requests_total";
    private static readonly TimeSpan Expiry = TimeSpan.FromHours(1);
    private static readonly RedisValue[] Fields =
        [.. Enumerable.Range(0, SeriesLoad.Count).Select(i => (RedisValue)("_total:{\"path\":\"" + SeriesLoad.Path(i) + "\"}"))];

    private LocalRedis redis = null!;
    private ConnectionMultiplexer connection = null!;
    private IDatabase database = null!;

    /// <summary>Starts redis-server and connects.</summary>
    [GlobalSetup]
    public void Setup()
    {
        redis = LocalRedis.Start();
        connection = ConnectionMultiplexer.Connect(redis.EndPoint + ",syncTimeout=10000");
        database = connection.GetDatabase();
    }

    /// <summary>Disconnects and kills redis-server.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        connection.Dispose();
        redis.Dispose();
    }

    /// <summary>One increment written through: the caller waits for the round trip.</summary>
    [Benchmark]
    public Task WriteThrough_Counter_Inc_Redis() => IncrementAsync(Fields[0]);

    /// <summary>10 000 series changed once each, written through: what one flush replaces.</summary>
    [Benchmark]
    public async Task WriteThrough_10k_Series_Redis()
    {
        foreach (var field in Fields)
        {
            await IncrementAsync(field);
        }
    }

    private Task IncrementAsync(RedisValue field) =>
        Task.WhenAll(database.HashIncrementAsync(Key, field, 1.0), database.KeyExpireAsync(Key, Expiry));
}
