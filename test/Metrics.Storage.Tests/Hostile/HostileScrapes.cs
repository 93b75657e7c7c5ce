using System.Text;

namespace Prometheus.Distributed.Tests.Hostile;

/// <summary>What the hostile-contents tests share: the app's own metrics, and scrapes checked by the real promtool.</summary>
internal static class HostileScrapes
{
    /// <summary>Rounds of random writes, each followed by scrapes: bounded so the test stays short.</summary>
    public const int Rounds = 30;

    /// <summary>Random entries written per round.</summary>
    public const int EntriesPerRound = 30;

    /// <summary>The store keys of <see cref="WriteOwnMetricsAsync"/>'s families, which the tests never replace.</summary>
    public static readonly string[] OwnFamilies = ["work", "latency_seconds", "temp", "sizes", "build", "breaker"];

    /// <summary>
    /// The seeds each test runs: <c>HOSTILE_SEED</c> alone when set (to replay or explore), else a fixed set so CI is
    /// repeatable: one that passed from the start, and the seeds whose scrapes promtool once did not fully ingest
    /// (1721270874 and 20261206: a label with an empty value beside the same series without it).
    /// </summary>
    public static TheoryData<int> Seeds() =>
        int.TryParse(Environment.GetEnvironmentVariable("HOSTILE_SEED"), out var seed) ? [seed] : [424242, 1721270874, 20261206];

    /// <summary>Declares one metric of each stored type, updates them and flushes: the data other writers damage around.</summary>
    public static async Task WriteOwnMetricsAsync(DistributedMetrics metrics)
    {
        metrics.CreateCounter("work_total", "Work done.", "kind").WithLabels("a").Inc(3);
        metrics.CreateHistogram("latency_seconds", "Latency.", "kind").WithLabels("a").Observe(0.2);
        metrics.CreateGauge("temp", "Temperature.").Set(21.5);
        metrics.CreateSummary("sizes", "Sizes.", "kind").WithLabels("a").Observe(5);
        metrics.CreateInfo("build_info", "Build.").Set(("version", "1.0"));
        metrics.CreateStateSet("breaker", "Breaker.", ["open", "closed"]).SetOnly("open");
        await metrics.FlushAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Scrapes in the text format and in OpenMetrics and asserts promtool accepts both: <c>check metrics</c> finds no
    /// error (lint findings such as a missing HELP are not errors), and the OpenMetrics parser ingests every sample.
    /// </summary>
    public static async Task AssertScrapesAreValidAsync(DistributedMetrics metrics, HostileContent content, int round)
    {
        var promtool = PromtoolRunner.RequirePromtool();
        var token = TestContext.Current.CancellationToken;
        var snapshot = await metrics.CollectAsync(token);
        var context = $"seed {content.Seed} (replay with HOSTILE_SEED={content.Seed}), round {round}: ";

        var text = await WriteAsync(snapshot, ExpositionFormat.PrometheusText);
        var check = await PromtoolRunner.RunAsync(promtool, ["check", "metrics"], stdin => stdin.WriteAsync(Encoding.UTF8.GetBytes(text), token).AsTask(), token);
        Assert.True(check.ExitCode is 0 or 3, $"{context}{check}\nbody:\n{text}");
        Assert.Contains("\nwork_total{kind=\"a\"} 3\n", text, StringComparison.Ordinal);
        AssertLabelNamesArePrometheusOwn(text, context);

        await OpenMetricsCheck.AssertIngestsEverySampleAsync(promtool, await WriteAsync(snapshot, ExpositionFormat.OpenMetrics), token, context);
    }

    /// <summary>
    /// What promtool's parsers let through but a Prometheus scrape refuses for the whole target: a label name starting
    /// with <c>__</c> (<c>__name__</c> clashes with the metric name), or a label name twice in one sample.
    /// </summary>
    private static void AssertLabelNamesArePrometheusOwn(string text, string context)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var open = line.IndexOf('{', StringComparison.Ordinal);
            if (line.StartsWith('#') || open < 0 || line.IndexOf(' ', StringComparison.Ordinal) < open)
            {
                continue;
            }

            var names = new List<string>();
            var i = open + 1;
            while (i < line.Length && line[i] != '}')
            {
                var equals = line.IndexOf('=', i);
                names.Add(line[i..equals]);
                i = equals + 2;
                while (line[i] != '"')
                {
                    i += line[i] == '\\' ? 2 : 1;
                }

                i += line[i + 1] == ',' ? 2 : 1;
            }

            Assert.False(names.Any(n => n.StartsWith("__", StringComparison.Ordinal)), $"{context}reserved label name in: {line}");
            Assert.True(names.Distinct(StringComparer.Ordinal).Count() == names.Count, $"{context}repeated label name in: {line}");
        }
    }

    private static async Task<string> WriteAsync(MetricsSnapshot snapshot, ExpositionFormat format)
    {
        using var body = new MemoryStream();
        await snapshot.WriteAsync(body, format, TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(body.ToArray());
    }
}
