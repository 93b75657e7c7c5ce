namespace Prometheus.Distributed.Testing.Servers;

/// <summary>Tests that share one <see cref="CarbonServerFixture"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class CarbonServerGroup : ICollectionFixture<CarbonServerFixture>
{
    /// <summary>The collection name to put on test classes.</summary>
    public const string Name = "carbon-cache";
}
