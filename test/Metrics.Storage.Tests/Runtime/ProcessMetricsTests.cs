using System.Globalization;
using System.Text.RegularExpressions;
using Prometheus.Distributed.Runtime;
using Prometheus.Distributed.Testing;
using Prometheus.Distributed.Testing.Servers;
using static Prometheus.Distributed.Tests.Instances.SharedStore;

namespace Prometheus.Distributed.Tests.Runtime;

/// <summary>The process and runtime metrics: names, types, how instances combine, and a clean promtool check.</summary>
[Collection(RedisServerGroup.Name)]
public sealed partial class ProcessMetricsTests(RedisServerFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> StoreKinds() => [.. Kinds];

    [Fact]
    public async Task Process_metrics_have_the_standard_names_types_and_labels()
    {
        await using var metrics = DistributedMetrics.Create(o =>
        {
            o.UseInMemory();
            o.InstanceId = "web-1";
            o.SelfMetrics = false;
        });
        metrics.RecordProcessMetrics();
        await metrics.FlushAsync(Ct);

        var shape = Sample().Replace(await StoreText.ScrapeAsync(metrics), "${series} V").Split('\n', StringSplitOptions.RemoveEmptyEntries);

        string[] golden =
        [
            "# HELP dotnet_collection_count_total GC collection count, summed over every process that wrote it.",
            "# TYPE dotnet_collection_count_total counter",
            "dotnet_collection_count_total{generation=\"0\"} V",
            "dotnet_collection_count_total{generation=\"1\"} V",
            "dotnet_collection_count_total{generation=\"2\"} V",
            "# HELP dotnet_threadpool_num_threads Number of thread pool threads.",
            "# TYPE dotnet_threadpool_num_threads gauge",
            "dotnet_threadpool_num_threads{instance=\"web-1\"} V",
            "# HELP dotnet_threadpool_queue_length Number of work items queued to the thread pool.",
            "# TYPE dotnet_threadpool_queue_length gauge",
            "dotnet_threadpool_queue_length{instance=\"web-1\"} V",
            "# HELP dotnet_total_memory_bytes Total known allocated memory.",
            "# TYPE dotnet_total_memory_bytes gauge",
            "dotnet_total_memory_bytes{instance=\"web-1\"} V",
            "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds, summed over every process that wrote it.",
            "# TYPE process_cpu_seconds_total counter",
            "process_cpu_seconds_total V",
            .. ProcFiles.MaxOpenFiles() is null ? (string[])[] :
            [
                "# HELP process_max_fds Maximum number of open file descriptors.",
                "# TYPE process_max_fds gauge",
                "process_max_fds{instance=\"web-1\"} V",
            ],
            "# HELP process_num_threads Total number of threads.",
            "# TYPE process_num_threads gauge",
            "process_num_threads{instance=\"web-1\"} V",
            "# HELP process_open_fds Number of open file descriptors (open handles where there are none).",
            "# TYPE process_open_fds gauge",
            "process_open_fds{instance=\"web-1\"} V",
            "# HELP process_resident_memory_bytes Resident memory size in bytes.",
            "# TYPE process_resident_memory_bytes gauge",
            "process_resident_memory_bytes{instance=\"web-1\"} V",
            "# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.",
            "# TYPE process_start_time_seconds gauge",
            "process_start_time_seconds{instance=\"web-1\"} V",
            "# HELP process_virtual_memory_bytes Virtual memory size in bytes.",
            "# TYPE process_virtual_memory_bytes gauge",
            "process_virtual_memory_bytes{instance=\"web-1\"} V",
        ];
        Assert.Equal(golden, shape);
    }

    [Fact]
    public async Task Process_metrics_pass_promtool_check_metrics_without_findings()
    {
        var promtool = PromtoolRunner.RequirePromtool();
        await using var metrics = DistributedMetrics.Create(o => o.UseInMemory());
        metrics.RecordProcessMetrics();
        await metrics.FlushAsync(Ct);
        var snapshot = await metrics.CollectAsync(Ct);

        var result = await PromtoolRunner.RunAsync(
            promtool, ["check", "metrics"], stdin => snapshot.WriteAsync(stdin, ExpositionFormat.PrometheusText, Ct), Ct);

        Assert.True(result.ExitCode == 0 && result.Stdout.Length == 0 && result.Stderr.Length == 0, result.ToString());
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Totals_add_up_over_instances_and_outlive_them_while_per_process_values_leave_with_their_instance(string kind)
    {
        await using var shared = Create(kind, redis);
        void Options(DistributedMetricsOptions o, string id)
        {
            o.InstanceId = id;
            o.FlushInterval = TimeSpan.FromMilliseconds(200);
            o.InstanceTimeout = TimeSpan.FromSeconds(1);
            o.ScrapeCacheDuration = TimeSpan.Zero;
        }

        var a = shared.Open(o => Options(o, "a"));
        var b = shared.Open(o => Options(o, "b"));
        a.RecordProcessMetrics();
        b.RecordProcessMetrics();
        await a.FlushAsync(Ct);
        await b.FlushAsync(Ct);

        var both = await SamplesAsync(a, "process_start_time_seconds");
        Assert.Equal(["instance=\"a\"", "instance=\"b\""], both.Select(Labels));
        var cpu = Assert.Single(await SamplesAsync(a, "process_cpu_seconds_total"));
        Assert.True(Value(cpu) > 0, cpu);

        await b.DisposeAsync();
        await Eventually.HoldsAsync(
            async () =>
            {
                await a.FlushAsync(Ct);
                return (await SamplesAsync(a, "process_start_time_seconds")).Select(Labels).SequenceEqual(["instance=\"a\""]);
            },
            TimeSpan.FromSeconds(60),
            "Removal of b's per-process values");
        var after = Assert.Single(await SamplesAsync(a, "process_cpu_seconds_total"));
        Assert.True(Value(after) >= Value(cpu), $"{after} after b stopped, {cpu} before");
    }

    private static string Labels(string sample) => sample[(sample.IndexOf('{', StringComparison.Ordinal) + 1)..sample.IndexOf('}', StringComparison.Ordinal)];

    private static double Value(string sample) => double.Parse(sample[(sample.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<series>[a-z_]+(\{[^}]*\})?) \S+$", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
