using Prometheus.Distributed.Stores.Seed;

namespace Prometheus.Distributed.Tests.Stores.Seed;

public sealed class LabelJsonParsingTests
{
    [Theory]
    [MemberData(nameof(LabelJsonCases.Accepted), MemberType = typeof(LabelJsonCases))]
    public void TryParse_gives_the_pairs_Parse_gives(string json)
    {
        var pairs = new List<KeyValuePair<string, string>>();

        Assert.True(LabelJson.TryParse(json, pairs));
        Assert.Equal(LabelJson.Parse(json), pairs);
    }

    [Theory]
    [MemberData(nameof(LabelJsonCases.Rejected), MemberType = typeof(LabelJsonCases))]
    public void TryParse_rejects_what_Parse_rejects(string json)
    {
        Assert.Throws<FormatException>(() => LabelJson.Parse(json));
        Assert.False(LabelJson.TryParse(json, []));
    }

    [Fact]
    public void Round_trips_random_values_encoded_like_the_seed()
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (value, json) in LabelJsonCases.RandomValues())
        {
            pairs.Clear();
            Assert.True(LabelJson.TryParse(json, pairs), json);
            Assert.Equal([new("a", "fixed"), new("k", value)], pairs);
        }
    }
}
