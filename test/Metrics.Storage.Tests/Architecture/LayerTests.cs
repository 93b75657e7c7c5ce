namespace Prometheus.Distributed.Tests.Architecture;

/// <summary>The library's namespaces depend on each other one way, as the README's layer map says.</summary>
public sealed class LayerTests
{
    private static readonly Lazy<IReadOnlyList<TypeDependency>> Library =
        new(() => DependencyReader.Read(typeof(DistributedMetrics).Assembly.Location));

    [Fact]
    public void Every_layer_uses_only_the_layers_it_may_use()
    {
        var violations = LayerRules.Library.Violations(Library.Value);

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Fact]
    public void The_layer_map_itself_has_no_loop()
    {
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var rules = LayerRules.Library.MayUse;

        void Visit(string layer, string path)
        {
            Assert.True(visiting.Add(layer), $"loop: {path}");
            foreach (var used in rules[layer].Where(u => !done.Contains(u)))
            {
                Visit(used, path + " -> " + used);
            }

            visiting.Remove(layer);
            done.Add(layer);
        }

        foreach (var layer in rules.Keys)
        {
            Visit(layer, layer);
        }
    }

    [Fact]
    public void The_reader_sees_uses_in_signatures_and_method_bodies()
    {
        var uses = Library.Value.Select(d => d.ToString()).ToHashSet(StringComparer.Ordinal);

        // A constructor parameter and a field.
        Assert.Contains("Prometheus.Distributed.Flushing.MetricFlusher -> Prometheus.Distributed.Stores.IMetricStore", uses);
        // A catch clause and a method body only.
        Assert.Contains("Prometheus.Distributed.Flushing.MetricFlusher -> Prometheus.Distributed.Stores.MetadataConflictException", uses);
        // A static call in a method body, from a generic type.
        Assert.Contains("Prometheus.Distributed.Metrics.MetricFamily`1 -> Prometheus.Distributed.Stores.Seed.LabelJson", uses);
    }

    /// <summary>The loops issue 19 found, each as the two uses that made it: the rules refuse one of them.</summary>
    public static TheoryData<string, string, string, string> Loops => new()
    {
        { "Metrics.MetricFamily`1", "Stores.SegmentedList`1", "Stores.Redis.RedisMetricStore", "Metrics.MetricMetadata" },
        { "Stores.IMetricStore", "Flushing.FlushBatch", "Flushing.MetricFlusher", "Stores.MetadataConflictException" },
        { "Stores.Redis.WriteChunkPlanner", "Exposition.FieldJson", "Exposition.ExpositionSnapshotBuilder", "Stores.StoredFamily" },
        { "Stores.Redis.ChunkArguments", "Exposition.FieldJson", "Exposition.SeriesSnapshot", "Stores.NativeSeriesTotals" },
        { "Labels.NameRules", "Exposition.ExpositionNames", "Exposition.SeedLabelParser", "Labels.LabelJson" },
        { "Exposition.SnapshotCache", "MetricsSnapshot", "MetricsSnapshot", "Exposition.ExpositionWriter" },
        { "Stores.MetricStoreFactory", "Stores.Redis.RedisMetricStore", "Stores.Redis.RedisMetricStore", "Stores.IMetricStore" },
        { "Flushing.MetricFlusher", "Metrics.MetricRegistry", "Metrics.MetricRegistry", "Flushing.IFlushSource" },
    };

    [Theory]
    [MemberData(nameof(Loops))]
    public void A_loop_the_issue_found_is_refused(string user, string used, string backUser, string backUsed)
    {
        TypeDependency[] loop = [new(Full(user), Full(used)), new(Full(backUser), Full(backUsed))];

        var violations = LayerRules.Library.Violations(loop);

        Assert.NotEmpty(violations);
    }

    [Fact]
    public void A_namespace_outside_the_map_is_refused()
    {
        var violations = LayerRules.Library.Violations([new(Full("Caching.ScrapeCache"), Full("Exposition.FamilySnapshot"))]);

        Assert.Contains("is in no layer", Assert.Single(violations), StringComparison.Ordinal);
    }

    [Fact]
    public void The_root_vocabulary_is_open_to_every_layer_but_its_wiring_is_not()
    {
        Assert.Empty(LayerRules.Library.Violations([new(Full("Metrics.Counter"), Full("ICounter"))]));
        Assert.NotEmpty(LayerRules.Library.Violations([new(Full("Monitoring.SelfMonitor"), Full("DistributedMetrics"))]));
    }

    private static string Full(string name) => LayerRules.Root + "." + name;
}
