using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Redis;
using Prometheus.Distributed.Testing.Servers;
using StackExchange.Redis;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;

namespace Prometheus.Distributed.Tests.Stores.Redis;

/// <summary>
/// An add of a whole number runs as HINCRBY with HINCRBYFLOAT as the fallback: whatever a field held, the stored text
/// and the rejected count are those a plain HINCRBYFLOAT of the same delta gives on a real redis-server.
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class RedisIntegerAddTests(RedisServerFixture fixture)
{
    private const string Field = "_total:{}";
    private const string Companion = "_total:{\"k\":\"v\"}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // What the field holds before the add; null is no field.
    [Theory]
    [InlineData(null)]
    [InlineData("5")]
    [InlineData("-3")]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("007")]
    [InlineData("+4")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("0x10")]
    [InlineData("9007199254740993")]
    [InlineData("9223372036854775807")]
    [InlineData("-9223372036854775808")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("1.00000000000000001")]
    [InlineData("inf")]
    [InlineData("text")]
    [InlineData(" 5")]
    [InlineData("")]
    public async Task Integer_add_stores_the_text_and_rejection_HINCRBYFLOAT_gives(string? stored)
    {
        var server = fixture.Require();
        var prefix = NewPrefix();
        await using var store = NewStore(server.Configuration, prefix);
        using var redis = await ConnectionMultiplexer.ConnectAsync(server.EndPoint);
        var database = redis.GetDatabase();
        var sequence = 0L;

        foreach (var delta in new[] { 1, -7, 0, 999_999_999_999_999 })
        {
            // Alone, the write carries its delta; beside another add of the same delta, the two share it.
            SampleWrite[][] layouts = [[Add("_total", "{}", delta)], [Add("_total", "{}", delta), new SampleWrite(Companion, WriteKind.Add, delta)]];
            foreach (var writes in layouts)
            {
                await SetAsync(database, prefix + "_orders", stored);
                await SetAsync(database, prefix + "_reference", stored);
                var rejectedBefore = store.RejectedWrites;

                await store.ApplyAsync(Batch("i1", ++sequence, new FamilyWrite(Counter("orders", "k"), writes)), Ct);
                var expectedRejected = await HincrbyfloatAsync(database, prefix + "_reference", RedisFloat.Format(delta)) ? 0 : 1;

                Assert.Equal((string?)await database.HashGetAsync(prefix + "_reference", Field), (string?)await database.HashGetAsync(prefix + "_orders", Field));
                Assert.Equal(expectedRejected, store.RejectedWrites - rejectedBefore);
                Assert.Equal(writes.Length == 2 ? RedisFloat.Format(delta) : null, (string?)await database.HashGetAsync(prefix + "_orders", Companion));
                await database.HashDeleteAsync(prefix + "_orders", Companion);
            }
        }
    }

    [Fact]
    public async Task Integer_and_fractional_adds_of_one_field_store_what_HINCRBYFLOAT_alone_stores()
    {
        var server = fixture.Require();
        var prefix = NewPrefix();
        await using var store = NewStore(server.Configuration, prefix);
        using var redis = await ConnectionMultiplexer.ConnectAsync(server.EndPoint);
        var database = redis.GetDatabase();
        double[] deltas = [1, 0.1, 2, 0.2, 3, -0.3, 1e15, 7, 1e-7, -1e15, 4];

        for (var i = 0; i < deltas.Length; i++)
        {
            await store.ApplyAsync(Batch("i1", i + 1, new FamilyWrite(Counter("orders"), [Add("_total", "{}", deltas[i])])), Ct);
            Assert.True(await HincrbyfloatAsync(database, prefix + "_reference", RedisFloat.Format(deltas[i])));

            Assert.Equal((string?)await database.HashGetAsync(prefix + "_reference", Field), (string?)await database.HashGetAsync(prefix + "_orders", Field));
        }

        Assert.Equal(0, store.RejectedWrites);
    }

    private static async Task SetAsync(IDatabase database, string key, string? stored)
    {
        if (stored is null)
        {
            await database.HashDeleteAsync(key, Field);
        }
        else
        {
            await database.HashSetAsync(key, Field, stored);
        }
    }

    /// <summary>HINCRBYFLOAT of the field by <paramref name="delta"/>'s text; false when Redis refuses it.</summary>
    private static async Task<bool> HincrbyfloatAsync(IDatabase database, string key, string delta)
    {
        try
        {
            await database.ExecuteAsync("HINCRBYFLOAT", key, Field, delta);
            return true;
        }
        catch (RedisServerException)
        {
            return false;
        }
    }
}
