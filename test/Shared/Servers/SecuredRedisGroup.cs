namespace Prometheus.Distributed.Testing.Servers;

/// <summary>Tests that share one <see cref="SecuredRedisFixture"/> (password, ACL users, TLS); they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SecuredRedisGroup : ICollectionFixture<SecuredRedisFixture>
{
    /// <summary>The collection name to put on test classes.</summary>
    public const string Name = "secured-redis-server";
}
