using Prometheus.Distributed.Stores.Redis;
using Prometheus.Distributed.Testing.Servers;
using StackExchange.Redis;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;

namespace Prometheus.Distributed.Tests.Hostile;

/// <summary>Whatever another writer puts under the prefix of a real Redis, every scrape stays valid for promtool.</summary>
[Collection(RedisServerGroup.Name)]
public sealed class HostileRedisContentsTests(RedisServerFixture fixture)
{
    [Theory]
    [MemberData(nameof(HostileScrapes.Seeds), MemberType = typeof(HostileScrapes))]
    public async Task Random_fields_values_and_keys_written_by_others_never_make_a_scrape_invalid(int seed)
    {
        var server = fixture.Require();
        var prefix = NewPrefix();
        var content = new HostileContent(seed);
        var options = new DistributedMetricsOptions { ScrapeCacheDuration = TimeSpan.Zero, FlushInterval = TimeSpan.FromHours(1) };
        var store = new RedisMetricStore(new RedisStoreSettings { Configuration = server.Configuration, Prefix = prefix, ScanInterval = TimeSpan.Zero });
        await using var metrics = DistributedMetrics.Create(options, store);
        await HostileScrapes.WriteOwnMetricsAsync(metrics);
        using var redis = await ConnectionMultiplexer.ConnectAsync(server.EndPoint);
        var database = redis.GetDatabase();
        var keys = new RedisKeys(prefix);
        var own = await database.HashGetAllAsync(keys.Data("work"));

        for (var round = 0; round < HostileScrapes.Rounds; round++)
        {
            for (var i = 0; i < HostileScrapes.EntriesPerRound; i++)
            {
                await WriteOneAsync(database, keys, content, own);
            }

            await HostileScrapes.AssertScrapesAreValidAsync(metrics, content, round);
        }

        // Reads never change what is stored: the app's own fields are as it wrote them.
        Assert.Equal(own.Select(e => e.Value), await database.HashGetAsync(keys.Data("work"), [.. own.Select(e => e.Name)]));
    }

    private static async Task WriteOneAsync(IDatabase database, RedisKeys keys, HostileContent content, HashEntry[] own)
    {
        var random = content.Random;
        var family = content.FamilyName();
        switch (random.Next(12))
        {
            case 0 when !HostileScrapes.OwnFamilies.Contains(family):
                await database.KeyDeleteAsync(keys.Data(family));
                await database.StringSetAsync(keys.Data(family), content.Value());
                break;
            case 1 when !HostileScrapes.OwnFamilies.Contains(family):
                await database.HashSetAsync(keys.Metadata(0), family, content.MetadataJson());
                await database.SetAddAsync(keys.Index(0), family);
                break;
            case 2:
                await database.HashSetAsync(keys.Exemplars(family, null), content.Field(), content.ExemplarJson());
                break;
            case 3:
                await database.HashSetAsync(keys.InstanceGauge(family), content.Field(), content.Value());
                break;
            default:
                var field = content.Field();
                if (!own.Any(e => ((byte[])e.Name!).AsSpan().SequenceEqual(field)))
                {
                    await TryHashSetAsync(database, keys.Data(family), field, content.Value());
                }

                break;
        }
    }

    /// <summary>HSET, unless an earlier round made the key something other than a hash.</summary>
    private static async Task TryHashSetAsync(IDatabase database, RedisKey key, byte[] field, byte[] value)
    {
        try
        {
            await database.HashSetAsync(key, field, value);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            // The key holds a string from case 0: that is part of the hostile contents too.
        }
    }
}
