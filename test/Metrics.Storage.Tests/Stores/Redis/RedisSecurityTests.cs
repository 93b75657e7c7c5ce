using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Redis;
using Prometheus.Distributed.Testing.Servers;
using StackExchange.Redis;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;

namespace Prometheus.Distributed.Tests.Stores.Redis;

/// <summary>
/// The Redis store against a real server that requires a password, with the least-privilege ACL user the README
/// documents, and over TLS with a private CA: every store call works, and each refusal says what was refused.
/// </summary>
[Collection(SecuredRedisGroup.Name)]
public sealed class RedisSecurityTests(SecuredRedisFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Password_in_the_configuration_string_lets_every_store_call_work()
    {
        var server = fixture.Require();
        var prefix = NewPrefix();

        await using var store = NewStore($"{server.EndPoint},password={SecuredRedisFixture.AdminPassword},syncTimeout=5000", prefix);

        await ExerciseEveryCallAsync(store, prefix, $"{server.EndPoint},password={SecuredRedisFixture.AdminPassword}");
    }

    [Fact]
    public async Task Documented_acl_user_lets_every_store_call_work()
    {
        var server = fixture.Require();
        var prefix = NewPrefix();
        var user = "metrics-" + prefix;
        await fixture.SetUserAsync(user, ReadmeAcl.Rules(prefix, "metrics-Secret-1"));
        await server.CliAsync("CONFIG", "RESETSTAT");

        // Every hash of more than one field read from a copy in pages, as a large family is.
        await using var store = NewStore($"{server.EndPoint},user={user},password=metrics-Secret-1,syncTimeout=5000", prefix, pagedReadFields: 1);

        await ExerciseEveryCallAsync(store, prefix, $"{server.EndPoint},password={SecuredRedisFixture.AdminPassword}");
        var copies = await CommandStatsAsync(server, "copy");
        Assert.True(copies.Calls > 0, "No hash was read from a copy.");
        Assert.Equal(0, copies.Rejected);
    }

    [Fact]
    public async Task Wrong_password_fails_every_call_with_a_message_that_names_the_refused_credentials()
    {
        var server = fixture.Require();
        await using var store = NewStore($"{server.EndPoint},password=not-the-password,syncTimeout=5000,connectTimeout=2000", NewPrefix());

        var flush = await Assert.ThrowsAsync<StoreAccessException>(
            () => store.ApplyAsync(Batch("i1", 1, Counted("orders", 1)), Ct));
        var read = await Assert.ThrowsAsync<StoreAccessException>(() => store.ReadAsync(Ct));

        Assert.Contains("password", flush.Message, StringComparison.Ordinal);
        Assert.Contains("password", read.Message, StringComparison.Ordinal);
        Assert.Equal(flush.Problem, read.Problem);
    }

    [Fact]
    public async Task Acl_user_lacking_a_command_fails_with_a_message_that_names_the_command()
    {
        var server = fixture.Require();
        var prefix = NewPrefix();
        var user = "noscript-" + prefix;
        await fixture.SetUserAsync(user, [.. ReadmeAcl.Rules(prefix, "metrics-Secret-1"), "-@scripting"]);
        await using var store = NewStore($"{server.EndPoint},user={user},password=metrics-Secret-1,syncTimeout=5000", prefix);

        var flush = await Assert.ThrowsAsync<StoreAccessException>(
            () => store.ApplyAsync(Batch("i1", 1, Counted("orders", 1)), Ct));

        Assert.Equal("Redis ACL refused command 'eval' to this user (NOPERM)", flush.Problem);
        Assert.Contains("ACL SETUSER", flush.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acl_user_lacking_a_command_of_the_script_fails_with_a_message_that_names_the_acl()
    {
        var server = fixture.Require();
        var prefix = NewPrefix();
        var user = "nodel-" + prefix;
        await fixture.SetUserAsync(user, [.. ReadmeAcl.Rules(prefix, "metrics-Secret-1"), "-del"]);
        await using var store = NewStore($"{server.EndPoint},user={user},password=metrics-Secret-1,syncTimeout=5000", prefix);
        await store.ApplyAsync(Batch("i1", 1, Counted("cleared", 1)), Ct);

        var clear = await Assert.ThrowsAsync<StoreAccessException>(() => store.ApplyAsync(
            Batch("i1", 2, new FamilyWrite(Counter("cleared"), [new SampleWrite(string.Empty, WriteKind.Clear, 0)])), Ct));

        Assert.Equal("Redis ACL refused this user a command the store's script runs", clear.Problem);
        Assert.Contains("ACL SETUSER", clear.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_with_the_private_ca_trusted_lets_every_store_call_work()
    {
        var server = fixture.Require();
        var prefix = NewPrefix();
        var options = TlsOptions(fixture.Certificates!.CaCertificate);

        await using var store = new RedisMetricStore(new RedisStoreSettings { Options = options, Prefix = prefix, ScanInterval = TimeSpan.Zero });

        await ExerciseEveryCallAsync(store, prefix, $"{server.EndPoint},password={SecuredRedisFixture.AdminPassword}");
    }

    [Fact]
    public async Task Metrics_flow_over_tls_from_one_process_to_another_through_UseRedis_with_options()
    {
        fixture.Require();
        var prefix = NewPrefix();
        var options = TlsOptions(fixture.Certificates!.CaCertificate);
        await using (var writer = DistributedMetrics.Create(o => o.UseRedis(options, prefix)))
        {
            writer.CreateCounter("tls_jobs_total", "Jobs.").Inc(4);
        }

        var text = await StoreText.ReadAsync(o => o.UseRedis(options, prefix));

        Assert.Contains("tls_jobs_total 4\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_with_an_untrusted_server_certificate_fails_with_a_message_that_names_the_certificate()
    {
        fixture.Require();
        var options = TlsOptions(fixture.Certificates!.OtherCaCertificate);
        options.ConnectTimeout = 2000;
        await using var store = new RedisMetricStore(new RedisStoreSettings { Options = options, Prefix = NewPrefix() });

        var flush = await Assert.ThrowsAsync<StoreAccessException>(
            () => store.ApplyAsync(Batch("i1", 1, Counted("orders", 1)), Ct));

        Assert.Contains("certificate", flush.Message, StringComparison.Ordinal);
        Assert.Contains("TLS", flush.Message, StringComparison.Ordinal);
    }

    private ConfigurationOptions TlsOptions(string trustedCa)
    {
        var options = ConfigurationOptions.Parse(
            $"127.0.0.1:{fixture.TlsPort},ssl=true,sslHost=localhost,password={SecuredRedisFixture.AdminPassword},syncTimeout=5000");
        options.TrustIssuer(trustedCa);
        return options;
    }

    /// <summary>
    /// Flush (with a per-instance gauge, a cleared metric and a removed series), read with a family another writer made,
    /// heartbeats with a dead instance's cleanup, the instance list, and forgetting a family whose hash expired: every kind
    /// of call the store makes.
    /// </summary>
    private static async Task ExerciseEveryCallAsync(RedisMetricStore store, string prefix, string adminConfiguration)
    {
        using var admin = await ConnectionMultiplexer.ConnectAsync(adminConfiguration);
        var database = admin.GetDatabase();
        var live = Gauge("in_flight") with { Mode = GaugeMode.LiveSum };

        Assert.False(await store.HeartbeatAsync("gone", TimeSpan.FromMilliseconds(20), Ct));
        await store.ApplyAsync(Batch("gone", 1, new FamilyWrite(live, [new SampleWrite(":{}", WriteKind.Set, 4)])), Ct);
        await store.ApplyAsync(Batch("i1", 1, Counted("orders", 2), Counted("expiring", 1), Counted("cleared", 1), Counted("removed", 1)), Ct);
        await store.ApplyAsync(
            Batch(
                "i1",
                2,
                new FamilyWrite(Counter("cleared"), [new SampleWrite(string.Empty, WriteKind.Clear, 0)]),
                new FamilyWrite(Counter("removed"), [new SampleWrite("_total:{}", WriteKind.Remove, 0)])),
            Ct);
        await store.ApplyAsync(
            Batch(
                "i1",
                3,
                Sketched(slot: 0, removes: false),
                Sketched(slot: 1, removes: true),
                new FamilyWrite(Counter("paths", "path"), [Add("_total", "{\"path\":\"/a\"}", 1), Add("_total", "{\"path\":\"/b\"}", 2)])),
            Ct);
        await database.HashIncrementAsync(prefix + "_seed_jobs", "_total:{}", 3.0);
        await database.KeyDeleteAsync(prefix + "_expiring");
        await Eventually.HoldsAsync(
            async () => (await store.ReadInstancesAsync(Ct)).Single().Age > TimeSpan.FromMilliseconds(20),
            TimeSpan.FromSeconds(10),
            "instance 'gone' missing its heartbeat");
        Assert.False(await store.HeartbeatAsync("i1", TimeSpan.FromMilliseconds(20), Ct));

        var read = await store.ReadAsync(Ct);

        Assert.Equal(2, Fields(read, "orders")["_total:{}"]);
        Assert.Equal([1.0, 2.0], Fields(read, "paths").OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Value));
        Assert.Equal(3, Fields(read, "seed_jobs")["_total:{}"]);
        Assert.DoesNotContain(read, f => f.Name is "expiring" or "in_flight" or "cleared" or "removed");
        Assert.False(await database.SetContainsAsync(prefix + ":dm:index", "expiring"));
        Assert.Equal(["i1"], (await store.ReadInstancesAsync(Ct)).Select(i => i.InstanceId));
        Assert.Equal(1, await database.HashLengthAsync(prefix + ":dm:sketch:latency_seconds"));
        Assert.NotNull(await database.KeyExpireTimeAsync(prefix + ":dm:sketch:latency_seconds"));
    }

    private static FamilyWrite Counted(string name, double add) => new(Counter(name), [Add("_total", "{}", add)]);

    /// <summary>
    /// A summary's sketch written to a slot of a window of one slot of 10^13 ms (so slots 0 and 1 expire in centuries);
    /// with <paramref name="removes"/> the series is removed from every slot first and nothing added, so the sketch hash
    /// keeps its newest-slot field only.
    /// </summary>
    private static FamilyWrite Sketched(long slot, bool removes)
    {
        var metadata = new MetricMetadata(MetricType.Summary, "latency_seconds", "Latency.", [], [])
        {
            Quantiles = [0.5],
            Window = new QuantileWindow(10_000_000_000_000, 1),
        };
        var sketch = new NativeHistogramWrite("{}", 6, 0, 0, removes ? 0 : 1, removes ? 0 : 1.5, removes ? [] : [new(38, 1)], [])
        {
            RemovesStored = removes,
        };
        return new FamilyWrite(metadata, []) { NativeSeries = [sketch], SketchSlot = slot };
    }
}
