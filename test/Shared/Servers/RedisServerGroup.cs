namespace Prometheus.Distributed.Testing.Servers;

/// <summary>Tests that share one standalone <see cref="RedisServerFixture"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class RedisServerGroup : ICollectionFixture<RedisServerFixture>
{
    /// <summary>The collection name to put on test classes.</summary>
    public const string Name = "redis-server";
}
