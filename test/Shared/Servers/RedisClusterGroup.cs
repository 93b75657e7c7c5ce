namespace Prometheus.Distributed.Testing.Servers;

/// <summary>Tests that share one three-master <see cref="RedisClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterGroup : ICollectionFixture<RedisClusterFixture>
{
    /// <summary>The collection name to put on test classes.</summary>
    public const string Name = "redis-cluster";
}
