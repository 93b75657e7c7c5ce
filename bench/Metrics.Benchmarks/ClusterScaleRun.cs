using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// The cluster scale run, a figure rather than a BenchmarkDotNet benchmark: instances (<see cref="DistributedMetrics"/>
/// objects of distinct instance ids in this process) each with series spread over 100 counter families, all
/// incremented every second and flushed every second, into a 3-master cluster of its own with a prefix without a hash
/// tag. Prints the store operations per flush and the server time per master (<c>INFO commandstats</c>, reset after a
/// warm-up flush) with its spread around the mean, the keys per master, and whether the totals are exact.
/// <c>dotnet run -c Release --project bench/Metrics.Benchmarks -- cluster-scale [instances=50] [series=10000] [seconds=30]</c>
/// </summary>
internal static class ClusterScaleRun
{
    private const int Families = 100;

    /// <summary>Runs with the arguments after <c>cluster-scale</c>; returns the exit code (1 when a total is wrong).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var instances = Argument(args, 0, 50);
        var series = Argument(args, 1, 10_000);
        var duration = TimeSpan.FromSeconds(Argument(args, 2, 30));
        using var cluster = await LocalRedisCluster.StartAsync();
        using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Configuration + ",allowAdmin=true");
        var fleet = Enumerable.Range(0, instances).Select(i => DistributedMetrics.Create(o =>
        {
            o.UseRedis(cluster.Configuration, "scale");
            o.InstanceId = "instance-" + i.ToString(CultureInfo.InvariantCulture);
            o.FlushInterval = TimeSpan.FromSeconds(1);
            o.MaxSeriesPerMetric = series;
            o.ScrapeCacheDuration = TimeSpan.Zero;
        })).ToArray();
        var perFamily = series / Families;
        var bound = fleet.Select(metrics => Enumerable.Range(0, Families).SelectMany(f =>
        {
            var counter = metrics.CreateCounter(FamilyName(f), "A counter of the scale run.", "series");
            return Enumerable.Range(0, perFamily).Select(s => counter.WithLabels(s.ToString(CultureInfo.InvariantCulture)));
        }).ToArray()).ToArray();

        var increments = 1;
        IncrementAll(bound);
        await Task.WhenAll(fleet.Select(m => m.FlushAsync()));
        var flushesBefore = await FlushCountAsync(fleet[0]);
        var masters = cluster.Masters.Select(m => redis.GetServer(m.EndPoint)).ToArray();
        await Task.WhenAll(masters.Select(m => m.ExecuteAsync("CONFIG", "RESETSTAT")));

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            IncrementAll(bound);
            increments++;
            var next = TimeSpan.FromSeconds(Math.Ceiling(clock.Elapsed.TotalSeconds + 0.001));
            await Task.Delay(next - clock.Elapsed);
        }

        var elapsed = clock.Elapsed;
        var stats = await Task.WhenAll(masters.Select(CommandStatsAsync));
        var keys = await Task.WhenAll(masters.Select(m => m.DatabaseSizeAsync()));
        var flushes = await FlushCountAsync(fleet[0]) - flushesBefore;
        await Task.WhenAll(fleet.Select(m => m.FlushAsync()));
        var snapshot = await fleet[0].CollectAsync();
        var wrong = Enumerable.Range(0, Families)
            .SelectMany(f => new[] { 0, perFamily - 1 }.Select(s => (Family: FamilyName(f), Series: s)))
            .Count(p => snapshot.GetValue(p.Family, ("series", p.Series.ToString(CultureInfo.InvariantCulture))) != (double)instances * increments);

        Report(instances, series, elapsed, flushes, stats, keys, masters, wrong);
        foreach (var metrics in fleet)
        {
            await metrics.DisposeAsync();
        }

        return wrong == 0 ? 0 : 1;
    }

    private static void Report(
        int instances, int series, TimeSpan elapsed, double flushes, (long Calls, long Microseconds, long Commands)[] stats, long[] keys, IServer[] masters, int wrong)
    {
        var totalCalls = stats.Sum(s => s.Calls);
        var meanTime = stats.Average(s => (double)s.Microseconds);
        Console.WriteLine(FormattableString.Invariant(
            $"{instances} instances x {series} series ({Families} families) for {elapsed.TotalSeconds:F0} s: {flushes} flushes timed ({flushes / elapsed.TotalSeconds:F1}/s of {instances}/s asked)"));
        Console.WriteLine(FormattableString.Invariant(
            $"Store operations (script calls, the heartbeat's included): {totalCalls}, {totalCalls / Math.Max(1, flushes):F1} per flush; commands run inside them: {stats.Sum(s => s.Commands) - totalCalls}"));
        for (var i = 0; i < masters.Length; i++)
        {
            Console.WriteLine(FormattableString.Invariant(
                $"  master {masters[i].EndPoint}: {keys[i]} keys, {stats[i].Calls} script calls, script time {stats[i].Microseconds / 1e6:F2} s ({stats[i].Microseconds / 1e4 / elapsed.TotalSeconds:F1} % of one core), {(stats[i].Microseconds - meanTime) / meanTime * 100:+0.0;-0.0} % from the mean"));
        }

        Console.WriteLine(wrong == 0 ? "Totals exact (sampled: first and last series of every family)." : $"{wrong} sampled totals WRONG.");
        Console.WriteLine("Load: " + File.ReadAllText("/proc/loadavg").Trim());
    }

    /// <summary>
    /// Calls and microseconds of the scripts (<c>cmdstat_eval*</c>: the store's round trips, their time includes the
    /// commands they run) and the calls of every command, those run inside scripts included.
    /// </summary>
    private static async Task<(long Calls, long Microseconds, long Commands)> CommandStatsAsync(IServer master)
    {
        long calls = 0, microseconds = 0, commands = 0;
        foreach (var group in await master.InfoAsync("commandstats"))
        {
            foreach (var (name, value) in group)
            {
                var script = name.StartsWith("cmdstat_eval", StringComparison.Ordinal);
                foreach (var part in value.Split(','))
                {
                    var pair = part.Split('=');
                    var number = pair[0] is "calls" or "usec" ? long.Parse(pair[1], CultureInfo.InvariantCulture) : 0;
                    commands += pair[0] == "calls" ? number : 0;
                    calls += script && pair[0] == "calls" ? number : 0;
                    microseconds += script && pair[0] == "usec" ? number : 0;
                }
            }
        }

        return (calls, microseconds, commands);
    }

    private static async Task<double> FlushCountAsync(DistributedMetrics metrics) =>
        (await metrics.CollectAsync()).GetValue("distributed_metrics_flush_duration_seconds_count") ?? 0;

    private static void IncrementAll(ICounterSeries[][] bound)
    {
        foreach (var instance in bound)
        {
            foreach (var one in instance)
            {
                one.Inc();
            }
        }
    }

    private static string FamilyName(int family) => "scale_family_" + family.ToString(CultureInfo.InvariantCulture) + "_total";

    private static int Argument(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
}
