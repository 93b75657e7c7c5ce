namespace Prometheus.Distributed.Tests.Names;

/// <summary>The opt-in UTF-8 name validation mode, through the public factory and collector API.</summary>
public sealed class Utf8NameValidationTests
{
    private static DistributedMetrics Create(NameValidation validation) => DistributedMetrics.Create(o =>
    {
        o.UseInMemory();
        o.SelfMetrics = false;
        o.NameValidation = validation;
    });

    [Theory]
    [InlineData("my.metric")]
    [InlineData("caf\u00e9 \U0001F600")]
    [InlineData("1starts-with-digit")]
    public async Task Utf8_mode_accepts_any_well_formed_name_that_legacy_mode_rejects(string name)
    {
        await using var utf8 = Create(NameValidation.Utf8);
        await using var legacy = Create(NameValidation.Legacy);

        utf8.CreateGauge(name, "Help.", "http.method", "r\u00e9gion").WithLabels("GET", "eu").Set(1);

        var error = Assert.Throws<ArgumentException>(() => legacy.CreateGauge(name, "Help."));
        Assert.Contains("[a-zA-Z_:][a-zA-Z0-9_:]*", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A fact, not a theory: xunit would replace the lone surrogate of inline data with U+FFFD.</summary>
    [Fact]
    public async Task Utf8_mode_rejects_empty_names_and_lone_surrogates_naming_the_rule()
    {
        await using var metrics = Create(NameValidation.Utf8);

        foreach (var name in new[] { string.Empty, "bad\ud800name", "end\udc00" })
        {
            Assert.Contains("non-empty, well-formed UTF-8 (no lone surrogates)", Assert.Throws<ArgumentException>(() => metrics.CreateCounter(name, "Help.")).Message, StringComparison.Ordinal);
            Assert.Contains("non-empty, well-formed UTF-8 (no lone surrogates)", Assert.Throws<ArgumentException>(() => metrics.CreateCounter("ok", "Help.", name)).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Utf8_mode_keeps_reserved_label_names_reserved()
    {
        await using var metrics = Create(NameValidation.Utf8);

        Assert.Contains("starting with '__'", Assert.Throws<ArgumentException>(() => metrics.CreateGauge("g.x", "Help.", "__x.y")).Message, StringComparison.Ordinal);
        Assert.Contains("reserved", Assert.Throws<ArgumentException>(() => metrics.CreateHistogram("h.x", "Help.", "le")).Message, StringComparison.Ordinal);
        Assert.Contains("reserved", Assert.Throws<ArgumentException>(() => metrics.CreateSummary("s.x", "Help.", "quantile")).Message, StringComparison.Ordinal);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => metrics.CreateGauge("g.y", "Help.", "a.b", "a.b")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Info_keys_follow_the_name_validation_mode_like_every_label_name()
    {
        await using var utf8 = Create(NameValidation.Utf8);
        await using var legacy = Create(NameValidation.Legacy);

        utf8.CreateInfo("build.details", "Build.").Set(("git.commit", "abc123"));

        var error = Assert.Throws<ArgumentException>(() => legacy.CreateInfo("build", "Build.").Set(("git.commit", "abc123")));
        Assert.Contains("[a-zA-Z_][a-zA-Z0-9_]*", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Utf8_counter_drops_a_trailing_total_for_its_family_name()
    {
        await using var metrics = Create(NameValidation.Utf8);
        metrics.CreateCounter("my.requests_total", "Requests.").Inc(3);
        await metrics.FlushAsync(TestContext.Current.CancellationToken);

        var snapshot = await metrics.CollectAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3, snapshot.GetValue("my.requests_total"));
        Assert.Equal("my.requests", Assert.Single(snapshot.Exposition.Families).Name);
    }

    [Fact]
    public async Task Collector_families_follow_the_name_validation_mode()
    {
        await using var utf8 = Create(NameValidation.Utf8);
        await using var legacy = Create(NameValidation.Legacy);
        var collector = new Collectors.DelegateCollector((sink, _) =>
        {
            sink.AddGauge("queue.depth", "Depth.", "queue.name").Add(["q1"], 4);
            return ValueTask.CompletedTask;
        });
        utf8.AddCollector(collector);
        legacy.AddCollector(collector);

        var served = await utf8.CollectAsync(TestContext.Current.CancellationToken);
        var refused = await legacy.CollectAsync(TestContext.Current.CancellationToken);

        Assert.Equal(4, served.GetValue("queue.depth", ("queue.name", "q1")));
        Assert.Null(refused.GetValue("queue.depth", ("queue.name", "q1")));
    }

    [Theory]
    [InlineData(NameEscapingScheme.AllowUtf8, "NameEscaping must be Underscores, Values or Dots")]
    [InlineData((NameEscapingScheme)42, "NameEscaping must be Underscores, Values or Dots")]
    public void Invalid_default_escaping_is_rejected_naming_the_setting(NameEscapingScheme escaping, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => DistributedMetrics.Create(o =>
        {
            o.UseInMemory();
            o.NameEscaping = escaping;
        }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_name_validation_is_rejected_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => DistributedMetrics.Create(o =>
        {
            o.UseInMemory();
            o.NameValidation = (NameValidation)7;
        }));

        Assert.Contains("NameValidation must be Legacy or Utf8", error.Message, StringComparison.Ordinal);
    }
}
