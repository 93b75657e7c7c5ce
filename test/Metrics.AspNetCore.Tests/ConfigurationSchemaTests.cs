using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Prometheus.Distributed.AspNetCore.Internal;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>
/// docs/configuration.md against the options types: every public setting has a row, the appsettings.json example binds
/// and validates, and every invalid value stops start-up with a message naming its key.
/// </summary>
public sealed partial class ConfigurationSchemaTests
{
    private static readonly string Document = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "configuration.md"));

    public static TheoryData<string> OptionsTypes() =>
        [nameof(DistributedMetricsOptions), nameof(HttpMetricsOptions), nameof(GraphiteBridgeOptions), nameof(MeterOptions), nameof(NativeHistogramOptions)];

    public static TheoryData<string, string, string> InvalidSettings() => new()
    {
        { "Sqlite", " ", "DistributedMetrics: Sqlite must be a file path" },
        { "Redis", " ", "DistributedMetrics: Redis must be a configuration string" },
        { "Prefix", "a b", "DistributedMetrics: Prefix must be non-empty and contain no white space; it is 'a b'." },
        { "FlushInterval", "-00:00:01", "DistributedMetrics: FlushInterval must be positive; it is -00:00:01." },
        { "InstanceTimeout", "00:00:01", "DistributedMetrics: InstanceTimeout must be at least twice FlushInterval" },
        { "InstanceId", " ", "DistributedMetrics: InstanceId, when set, must be 1 to 200 characters" },
        { "Expiry", "00:00:00", "DistributedMetrics: Expiry must be positive" },
        { "SqliteRetention", "00:00:00", "DistributedMetrics: SqliteRetention must be at least one second" },
        { "MetricExpiry:batch_items_total", "02:00:00", "DistributedMetrics: MetricExpiry:batch_items_total must name a metric and be positive and at most Expiry (01:00:00); it is 02:00:00." },
        { "MaxSeriesPerMetric", "0", "DistributedMetrics: MaxSeriesPerMetric must be at least 1; it is 0." },
        { "RedisWaitForReplicas", "-1", "DistributedMetrics: RedisWaitForReplicas must be 0 (do not wait for replicas) or more; it is -1." },
        { "ScrapeTimeout", "00:00:00", "DistributedMetrics: ScrapeTimeout must be positive" },
        { "ScrapeCacheDuration", "-00:00:01", "DistributedMetrics: ScrapeCacheDuration must be zero (no sharing) or positive" },
        { "ShutdownFlushTimeout", "00:00:00", "DistributedMetrics: ShutdownFlushTimeout must be positive" },
        { "CollectorTimeout", "00:00:00", "DistributedMetrics: CollectorTimeout must be positive" },
        { "NameValidation", "7", "DistributedMetrics: NameValidation must be Legacy or Utf8; it is 7." },
        { "NameEscaping", "7", "DistributedMetrics: NameEscaping must be Underscores, Values or Dots" },
        { "StaticLabels:le", "x", "DistributedMetrics: StaticLabels:le: 'le' is reserved" },
        { "StaticLabels:with-dash", "x", "DistributedMetrics: StaticLabels:with-dash: 'with-dash' is not a valid label name" },
        { "InMemory", "true", "DistributedMetrics: More than one store is configured: set only one of Sqlite, Redis and InMemory." },
    };

    [Theory]
    [MemberData(nameof(OptionsTypes))]
    public void Every_public_setting_has_a_row_in_its_section_of_the_reference(string typeName)
    {
        var type = typeof(DistributedMetricsOptions).Assembly.GetType("Prometheus.Distributed." + typeName)
            ?? typeof(HttpMetricsOptions).Assembly.GetType("Prometheus.Distributed." + typeName)!;
        var settings = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod?.IsPublic == true || p.PropertyType.IsAssignableTo(typeof(System.Collections.IDictionary))
                || p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(IDictionary<,>))
            .Select(p => p.Name);

        var documented = RowKeys(Section(typeName));

        Assert.NotEmpty(settings);
        Assert.Empty(settings.Except(documented));
        Assert.Empty(documented.Except(settings));
    }

    [Fact]
    public void Appsettings_example_binds_and_validates()
    {
        var json = JsonExample().Match(Document).Groups["json"].Value;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();
        var section = configuration.GetSection("DistributedMetrics");
        var options = new DistributedMetricsOptions();

        section.Bind(options);

        var result = new DistributedMetricsOptionsValidator().Validate(null, options);
        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal("checkout", options.StaticLabels["service"]);
        Assert.Equal(TimeSpan.FromSeconds(15), options.InstanceTimeout);
        var keys = section.GetChildren().Select(c => c.Key).ToHashSet();
        Assert.Empty(RowKeys(Section(nameof(DistributedMetricsOptions))).Except(["Redis", "InMemory"]).Except(keys));
    }

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task Invalid_setting_from_configuration_stops_start_up_naming_the_key(string key, string value, string message)
    {
        var error = await StartAsync(new() { ["DistributedMetrics:Sqlite"] = "metrics.db", ["DistributedMetrics:" + key] = value });

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Value_that_cannot_be_converted_fails_naming_the_configuration_path()
    {
        var error = await StartAsync(new() { ["DistributedMetrics:Sqlite"] = "metrics.db", ["DistributedMetrics:FlushInterval"] = "soon" });

        Assert.Contains("'DistributedMetrics:FlushInterval'", error.Message, StringComparison.Ordinal);
        Assert.Contains("System.TimeSpan", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_http_metrics_prefix_is_rejected_naming_the_setting()
    {
        var options = new HttpMetricsOptions { Prefix = "1api" };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("HttpMetrics: Prefix must match [a-zA-Z_:][a-zA-Z0-9_:]*", error.Message, StringComparison.Ordinal);
        Assert.Contains("it is '1api'", error.Message, StringComparison.Ordinal);
    }

    private static async Task<Exception> StartAsync(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var host = new HostBuilder()
            .ConfigureServices(s => s.AddDistributedMetrics(configuration.GetSection("DistributedMetrics")))
            .Build();
        return await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The text of the section whose heading names the type, up to the next section.</summary>
    private static string Section(string typeName)
    {
        var start = Document.IndexOf($"`{typeName}`\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/configuration.md has no section headed with `{typeName}`.");
        var end = Document.IndexOf("\n## ", start, StringComparison.Ordinal);
        return end < 0 ? Document[start..] : Document[start..end];
    }

    private static string[] RowKeys(string section) => [.. TableKey().Matches(section).Select(m => m.Groups["key"].Value)];

    [GeneratedRegex(@"^\| `(?<key>[A-Za-z]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableKey();

    [GeneratedRegex(@"```json\n(?<json>.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonExample();
}
