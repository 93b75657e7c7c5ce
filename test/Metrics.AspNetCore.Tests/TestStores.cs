using Prometheus.Distributed.Testing;
using Prometheus.Distributed.Testing.Servers;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>The three stores a host test can run on: in memory, a temporary SQLite file, a prefix of the real Redis.</summary>
internal static class TestStores
{
    /// <summary>The store kinds, as theory data.</summary>
    public static TheoryData<string> Kinds() => ["memory", "sqlite", "redis"];

    /// <summary>Points <paramref name="options"/> at a fresh store of <paramref name="kind"/>; SQLite's file goes in <paramref name="folder"/>.</summary>
    public static void Use(this DistributedMetricsOptions options, string kind, RedisServerFixture redis, TempFolder folder)
    {
        switch (kind)
        {
            case "redis":
                options.UseRedis(redis.Require().EndPoint, "t" + Guid.NewGuid().ToString("N")[..12]);
                break;
            case "sqlite":
                options.UseSqlite(folder.File("metrics.db"));
                break;
            default:
                options.UseInMemory();
                break;
        }
    }
}
