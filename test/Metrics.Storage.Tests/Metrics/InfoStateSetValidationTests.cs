namespace Prometheus.Distributed.Tests.Metrics;

/// <summary>Bad declarations and calls of info and state set metrics throw with a message naming the problem.</summary>
public sealed class InfoStateSetValidationTests
{
    private static readonly string[] States = ["running", "paused"];

    [Theory]
    [InlineData(new[] { "running", "" }, "empty state name")]
    [InlineData(new[] { "running", null }, "empty state name")]
    [InlineData(new[] { "running", "paused", "running" }, "declares state 'running' twice")]
    [InlineData(new string[0], "needs at least one state")]
    public async Task Empty_repeated_or_missing_states_are_rejected(string?[] states, string rule)
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;

        var error = Assert.Throws<ArgumentException>(() => metrics.CreateStateSet("consumer_state", "Help.", states!));
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_that_was_not_declared_is_rejected_naming_it_and_the_declared_states()
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;
        var consumer = metrics.CreateStateSet("consumer_state", "Help.", States);

        var error = Assert.Throws<ArgumentException>(() => consumer.SetOnly("draining"));
        Assert.Contains("State 'draining' is not a state of state set 'consumer_state'; its states are [paused, running]", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => consumer.Set(null!, true));
    }

    [Fact]
    public async Task State_set_name_must_be_a_label_name_and_is_reserved_as_a_label()
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;

        Assert.Contains(
            "its name is also its state label's name",
            Assert.Throws<ArgumentException>(() => metrics.CreateStateSet("job:state", "Help.", States)).Message,
            StringComparison.Ordinal);
        Assert.Contains(
            "Label name 'job_state' of state set 'job_state' is reserved",
            Assert.Throws<ArgumentException>(() => metrics.CreateStateSet("job_state", "Help.", States, "queue", "job_state")).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redeclaring_a_state_set_with_other_states_throws_and_another_order_is_the_same_declaration()
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;
        var consumer = metrics.CreateStateSet("consumer_state", "Help.", States);

        Assert.Same(consumer, metrics.CreateStateSet("consumer_state", "Help.", ["paused", "running"]));
        var error = Assert.Throws<InvalidOperationException>(() => metrics.CreateStateSet("consumer_state", "Help.", ["running"]));
        Assert.Contains("states [paused, running]", error.Message, StringComparison.Ordinal);
        Assert.Contains("states [running]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1version", "must match")]
    [InlineData("__version", "starting with '__'")]
    [InlineData("env", "one of its declared label names [env]")]
    public async Task Info_key_breaking_the_label_name_rules_or_clashing_with_a_declared_label_is_rejected(string key, string rule)
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;
        var build = metrics.CreateInfo("build", "Help.", "env").WithLabels("prod");

        var error = Assert.Throws<ArgumentException>(() => build.Set((key, "1")));
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_info_key_null_and_oversized_values_are_rejected()
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;
        var build = metrics.CreateInfo("build", "Help.");
        build.Set(("version", "1"), ("commit", "abc"));

        Assert.Contains("declared twice", Assert.Throws<ArgumentException>(() => build.Set(("version", "1"), ("version", "1"))).Message, StringComparison.Ordinal);
        Assert.Contains("null value", Assert.Throws<ArgumentException>(() => build.Set(("version", null!))).Message, StringComparison.Ordinal);
        Assert.Contains("limit is 2048", Assert.Throws<ArgumentException>(() => build.Set(("version", new string('v', 2049)))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Info_name_needs_more_than_the_suffix_and_an_info_cannot_take_a_declared_gauge_name()
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;
        metrics.CreateGauge("build", "Help.");

        Assert.Contains("needs a name before '_info'", Assert.Throws<ArgumentException>(() => metrics.CreateInfo("_info", "Help.")).Message, StringComparison.Ordinal);
        var error = Assert.Throws<InvalidOperationException>(() => metrics.CreateInfo("build_info", "Help."));
        Assert.Contains("already declared as a gauge", error.Message, StringComparison.Ordinal);
    }
}
