using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Redis;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;

namespace Prometheus.Distributed.Tests.Stores.Redis;

public sealed class WriteChunkPlannerTests
{
    [Fact]
    public void Small_families_stay_whole_and_chunks_respect_the_bound()
    {
        FamilyWrite[] families = [.. Enumerable.Range(0, 10).Select(i => Observations(Histogram("h" + i, [1]), 1, 0.5))];

        var chunks = WriteChunkPlanner.Plan(families, maxWrites: 12);

        Assert.Equal(5, chunks.Count);
        Assert.All(chunks, c => Assert.True(c.Sum(p => p.Samples.Count) <= 12));
        Assert.Equal(families, chunks.SelectMany(c => c));
    }

    [Fact]
    public void Large_family_is_split_between_series_never_inside_one()
    {
        var family = Observations(Histogram("latency", [0.1, 1]), 100, 0.5);

        var chunks = WriteChunkPlanner.Plan([family], maxWrites: 20);

        Assert.Equal(34, chunks.Count);
        Assert.All(chunks.SkipLast(1), c => Assert.Equal(18, Assert.Single(c).Samples.Count));
        Assert.Equal(family.Samples, chunks.SelectMany(c => c).SelectMany(p => p.Samples));
        Assert.All(chunks, c => Assert.Empty(TornSeries(c[0].Samples.ToDictionary(s => s.Subkey, s => s.Value))));
    }

    [Fact]
    public void Series_larger_than_the_bound_gets_a_chunk_of_its_own()
    {
        var family = Observations(Histogram("latency", [0.1, 1]), 3, 0.5);

        var chunks = WriteChunkPlanner.Plan([family], maxWrites: 4);

        Assert.Equal(3, chunks.Count);
        Assert.All(chunks, c => Assert.Equal(6, c.Sum(p => p.Samples.Count)));
    }

    [Fact]
    public void Same_batch_is_planned_the_same_way()
    {
        FamilyWrite[] families = [Observations(Histogram("a", [1]), 50, 2), Observations(Histogram("b", [1]), 3, 2)];

        var first = WriteChunkPlanner.Plan(families, maxWrites: 30);
        var second = WriteChunkPlanner.Plan(families, maxWrites: 30);

        Assert.Equal(first.Select(c => c.Select(p => p.Samples.Select(s => s.Subkey))), second.Select(c => c.Select(p => p.Samples.Select(s => s.Subkey))));
    }

    [Fact]
    public void States_of_a_state_set_series_and_an_info_series_old_and_new_information_stay_in_one_chunk()
    {
        string[] states = ["a", "b", "c"];
        var stateSet = new MetricMetadata(
            MetricType.StateSet, "consumer_state", "States.", ["queue"], []) { States = states };
        var info = new MetricMetadata(MetricType.Info, "build", "Build.", ["env"], []);
        FamilyWrite[] families =
        [
            new(stateSet, [.. Enumerable.Range(0, 10).SelectMany(q => states.Select(
                s => new SampleWrite($":{{\"consumer_state\":\"{s}\",\"queue\":\"q{q}\"}}", WriteKind.Set, s == "a" ? 1 : 0)))]),
            new(info, [.. Enumerable.Range(0, 10).SelectMany(e => new[]
            {
                new SampleWrite($"_info:{{\"env\":\"e{e}\",\"version\":\"1\"}}", WriteKind.Set, 0),
                new SampleWrite($"_info:{{\"env\":\"e{e}\",\"version\":\"2\"}}", WriteKind.Set, 1),
            })]),
        ];

        var chunks = WriteChunkPlanner.Plan(families, maxWrites: 4);

        Assert.All(chunks.SelectMany(c => c), part => Assert.Equal(0, part.Samples.Count % (part.Metadata.Type == MetricType.Info ? 2 : 3)));
        Assert.Equal(families.SelectMany(f => f.Samples), chunks.SelectMany(c => c).SelectMany(p => p.Samples));
    }
}
