using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Redis;
using Prometheus.Distributed.Testing.Servers;
using StackExchange.Redis;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;

namespace Prometheus.Distributed.Tests.Stores.Redis;

[Collection(RedisServerGroup.Name)]
public sealed class RedisMetricStoreTests(RedisServerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Add_Set_and_SetIfAbsent_round_trip()
    {
        var server = fixture.Require();
        var counter = Counter("orders", "kind");
        var gauge = Gauge("temperature");
        await using var store = NewStore(server.Configuration, NewPrefix());

        await store.ApplyAsync(Batch("i1", 1, Writes(counter, 2, created: 100), new FamilyWrite(gauge, [Set(":{}", 5.5)])), Ct);
        await store.ApplyAsync(Batch("i1", 2, Writes(counter, 3, created: 200), new FamilyWrite(gauge, [Set(":{}", 7)])), Ct);
        var read = await store.ReadAsync(Ct);

        var orders = Fields(read, "orders");
        Assert.Equal(5, orders["_total:{\"kind\":\"a\"}"]);
        Assert.Equal(100, orders["_created:{\"kind\":\"a\"}"]);
        Assert.Equal(7, Fields(read, "temperature")[":{}"]);
        var metadata = read.Single(f => f.Name == "orders").Metadata;
        Assert.NotNull(metadata);
        Assert.True(metadata.IsCompatibleWith(counter));
        Assert.Equal(counter.Help, metadata.Help);
    }

    [Fact]
    public async Task Field_is_readable_with_HGET_in_the_seed_layout_and_its_key_has_a_ttl()
    {
        var server = fixture.Require();
        var prefix = NewPrefix();
        await using var store = NewStore(server.Configuration, prefix);
        using var redis = await ConnectionMultiplexer.ConnectAsync(server.EndPoint);

        await store.ApplyAsync(Batch("i1", 1, Writes(Counter("orders", "kind"), 2.5, created: 100)), Ct);

        var database = redis.GetDatabase();
        Assert.Equal("2.5", (string?)await database.HashGetAsync(prefix + "_orders", "_total:{\"kind\":\"a\"}"));
        var ttl = await database.KeyTimeToLiveAsync(prefix + "_orders");
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task Batch_applied_twice_counts_once()
    {
        var server = fixture.Require();
        await using var store = NewStore(server.Configuration, NewPrefix());
        var batch = Batch("i1", 7, Writes(Counter("orders", "kind"), 1, created: 100));

        await store.ApplyAsync(batch, Ct);
        await store.ApplyAsync(batch, Ct);
        await store.ApplyAsync(batch with { Sequence = 6 }, Ct);

        Assert.Equal(1, Fields(await store.ReadAsync(Ct), "orders")["_total:{\"kind\":\"a\"}"]);
    }

    [Fact]
    public async Task Instances_keep_separate_sequences()
    {
        var server = fixture.Require();
        await using var store = NewStore(server.Configuration, NewPrefix());

        await store.ApplyAsync(Batch("i1", 1, Writes(Counter("orders", "kind"), 1, created: 100)), Ct);
        await store.ApplyAsync(Batch("i2", 1, Writes(Counter("orders", "kind"), 1, created: 100)), Ct);

        Assert.Equal(2, Fields(await store.ReadAsync(Ct), "orders")["_total:{\"kind\":\"a\"}"]);
    }

    [Fact]
    public async Task Retried_chunked_batch_applies_only_the_chunks_that_had_not_landed()
    {
        var server = fixture.Require();
        await using var store = NewStore(server.Configuration, NewPrefix(), maxWritesPerScript: 1);
        var families = Enumerable.Range(0, 3).Select(i => new FamilyWrite(Counter("c" + i), [Add("_total", "{}", 1)])).ToArray();

        await store.ApplyAsync(Batch("i1", 1, families[..2]), Ct);
        await store.ApplyAsync(Batch("i1", 1, families), Ct);
        await store.ApplyAsync(Batch("i1", 1, families), Ct);

        var read = await store.ReadAsync(Ct);
        Assert.Equal([1.0, 1.0, 1.0], read.Select(f => Assert.Single(f.Samples).Value));
    }

    [Fact]
    public async Task Chunk_whose_predecessor_never_arrived_is_refused_and_writes_nothing()
    {
        var server = fixture.Require();
        var prefix = NewPrefix();
        using var redis = await ConnectionMultiplexer.ConnectAsync(server.EndPoint);
        var database = redis.GetDatabase();

        var reply = (RedisResult[])(await database.ScriptEvaluateAsync(
            RedisScripts.ApplyChunk,
            [prefix + ":dm:seq:i1", prefix + ":dm:index", prefix + ":dm:meta", prefix + "_orders"],
            [FlushMarker.Of(1, 1), FlushMarker.Of(1, 0), 60_000, "orders", "{}", 1, 0, 0, "_total:{}", 1]))!;

        Assert.Equal(-1, (long)reply[0]);
        Assert.False(await database.KeyExistsAsync(prefix + "_orders"));
        Assert.False(await database.KeyExistsAsync(prefix + ":dm:seq:i1"));
    }

    [Fact]
    public async Task Another_prefix_sees_none_of_the_data()
    {
        var server = fixture.Require();
        await using var writer = NewStore(server.Configuration, NewPrefix());
        await using var other = NewStore(server.Configuration, NewPrefix());

        await writer.ApplyAsync(Batch("i1", 1, Writes(Counter("orders", "kind"), 1, created: 100)), Ct);

        Assert.Single(await writer.ReadAsync(Ct));
        Assert.Empty(await other.ReadAsync(Ct));
    }

    [Fact]
    public async Task Hash_written_by_the_seed_is_read_with_null_metadata()
    {
        var server = fixture.Require();
        var prefix = NewPrefix();
        await using var store = NewStore(server.Configuration, prefix);
        using var redis = await ConnectionMultiplexer.ConnectAsync(server.EndPoint);
        var database = redis.GetDatabase();

        await database.HashIncrementAsync(prefix + "_jobs", "_total:{\"queue\":\"mail\"}", 3.0);
        await database.HashSetAsync(prefix + "_jobs", "_created:{\"queue\":\"mail\"}", "1700000000.25");
        await database.KeyExpireAsync(prefix + "_jobs", TimeSpan.FromHours(1));
        var read = await store.ReadAsync(Ct);

        var jobs = Assert.Single(read);
        Assert.Equal("jobs", jobs.Name);
        Assert.Null(jobs.Metadata);
        Assert.Equal(3, Fields(read, "jobs")["_total:{\"queue\":\"mail\"}"]);
        Assert.Equal(1700000000.25, Fields(read, "jobs")["_created:{\"queue\":\"mail\"}"]);
    }

    [Fact]
    public async Task Key_under_the_prefix_that_is_not_a_hash_is_skipped()
    {
        var server = fixture.Require();
        var prefix = NewPrefix();
        await using var store = NewStore(server.Configuration, prefix);
        using var redis = await ConnectionMultiplexer.ConnectAsync(server.EndPoint);
        await redis.GetDatabase().StringSetAsync(prefix + "_broken", "not a hash");

        await store.ApplyAsync(Batch("i1", 1, Writes(Counter("orders", "kind"), 1, created: 100)), Ct);
        var read = await store.ReadAsync(Ct);

        Assert.Equal(["broken", "orders"], read.Select(f => f.Name).Order(StringComparer.Ordinal));
        var broken = read.Single(f => f.Name == "broken");
        Assert.Equal(1, broken.NotAHashKeys);
        Assert.Empty(broken.Samples);
    }

    [Fact]
    public async Task Field_that_holds_no_number_is_skipped_on_read()
    {
        var server = fixture.Require();
        var prefix = NewPrefix();
        await using var store = NewStore(server.Configuration, prefix);
        using var redis = await ConnectionMultiplexer.ConnectAsync(server.EndPoint);
        await redis.GetDatabase().HashSetAsync(prefix + "_jobs", [new("_total:{}", "many"), new(":{\"a\":\"b\"}", "inf")]);

        var read = await store.ReadAsync(Ct);

        Assert.Equal(double.PositiveInfinity, Assert.Single(Fields(read, "jobs")).Value);
        Assert.Equal(1, read.Single(f => f.Name == "jobs").NotANumberValues);
    }

    [Fact]
    public async Task Write_refused_by_redis_is_counted_and_the_rest_applies_once()
    {
        var server = fixture.Require();
        var prefix = NewPrefix();
        await using var store = NewStore(server.Configuration, prefix);
        using var redis = await ConnectionMultiplexer.ConnectAsync(server.EndPoint);
        await redis.GetDatabase().HashSetAsync(prefix + "_orders", "_total:{\"kind\":\"b\"}", "text");
        var family = new FamilyWrite(Counter("orders", "kind"), [Add("_total", "{\"kind\":\"b\"}", 1), Add("_total", "{\"kind\":\"a\"}", 1)]);

        await store.ApplyAsync(Batch("i1", 1, family), Ct);
        await store.ApplyAsync(Batch("i1", 1, family), Ct);

        Assert.Equal(1, Fields(await store.ReadAsync(Ct), "orders")["_total:{\"kind\":\"a\"}"]);
        Assert.Equal(1, store.RejectedWrites);
    }

    [Fact]
    public async Task Expired_family_leaves_the_index_and_the_metadata()
    {
        var server = fixture.Require();
        var prefix = NewPrefix();
        await using var store = NewStore(server.Configuration, prefix);
        using var redis = await ConnectionMultiplexer.ConnectAsync(server.EndPoint);
        var database = redis.GetDatabase();
        await store.ApplyAsync(Batch("i1", 1, Writes(Counter("orders", "kind"), 1, created: 100)), Ct);

        await database.KeyDeleteAsync(prefix + "_orders");
        var read = await store.ReadAsync(Ct);

        Assert.Empty(read);
        Assert.Empty(await database.SetMembersAsync(prefix + ":dm:index"));
        Assert.Empty(await database.HashGetAllAsync(prefix + ":dm:meta"));
    }

    [Fact]
    public async Task Multiplexer_from_the_factory_is_used_and_left_open()
    {
        var server = fixture.Require();
        using var redis = await ConnectionMultiplexer.ConnectAsync(server.EndPoint);
        var prefix = NewPrefix();
        var store = new RedisMetricStore(new RedisStoreSettings
        {
            ConnectionFactory = () => Task.FromResult<IConnectionMultiplexer>(redis),
            Prefix = prefix,
        });

        await store.ApplyAsync(Batch("i1", 1, Writes(Counter("orders", "kind"), 1, created: 100)), Ct);
        await store.DisposeAsync();

        Assert.True(redis.IsConnected);
        Assert.Equal(1, (double)await redis.GetDatabase().HashGetAsync(prefix + "_orders", "_total:{\"kind\":\"a\"}"));
    }

    [Fact]
    public async Task Configuration_may_carry_an_async_timeout()
    {
        var server = fixture.Require();
        await using var store = NewStore(server.EndPoint + ",asyncTimeout=2000,syncTimeout=1000", NewPrefix());

        await store.ApplyAsync(Batch("i1", 1, Writes(Counter("orders", "kind"), 1, created: 100)), Ct);

        Assert.Single(await store.ReadAsync(Ct));
    }

    [Fact]
    public async Task Unreachable_redis_does_not_fail_construction_and_fails_apply_in_bounded_time()
    {
        fixture.Require();
        var port = FreePorts.Take(1)[0];
        await using var store = NewStore($"127.0.0.1:{port},connectTimeout=300,syncTimeout=300", NewPrefix());

        var apply = store.ApplyAsync(Batch("i1", 1, Writes(Counter("orders", "kind"), 1, created: 100)), Ct);

        await Assert.ThrowsAnyAsync<RedisException>(() => apply);
    }

    private static FamilyWrite Writes(Prometheus.Distributed.Metrics.MetricMetadata counter, double add, double created) =>
        new(counter,
        [
            Add("_total", "{\"kind\":\"a\"}", add),
            new SampleWrite("_created:{\"kind\":\"a\"}", WriteKind.SetIfAbsent, created),
        ]);

    private static SampleWrite Set(string subkey, double value) => new(subkey, WriteKind.Set, value);
}
