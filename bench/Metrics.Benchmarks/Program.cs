using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;
using Prometheus.Distributed.Benchmarks;

// dotnet run -c Release --project bench/Metrics.Benchmarks -- --job short --filter '*'
// dotnet run -c Release --project bench/Metrics.Benchmarks -- cluster-scale [instances] [series] [seconds]
if (args is ["cluster-scale", .. var scale])
{
    return await ClusterScaleRun.RunAsync(scale);
}

// The build of each benchmark's generated project may take longer than BenchmarkDotNet's default 2 minutes on a small
// shared machine; a time-out there fails every row of the class.
var config = DefaultConfig.Instance
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(StatisticColumn.Median)
    .WithBuildTimeout(TimeSpan.FromMinutes(10));
BenchmarkSwitcher.FromAssembly(typeof(HotPathBenchmarks).Assembly).Run(args, config);
return 0;
