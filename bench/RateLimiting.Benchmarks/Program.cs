using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using EndpointStats.RateLimiting.Benchmarks;

// "redis ..." drives Redis-backed decisions (see bench/ratelimit-redis.sh); anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "redis")
{
    return await RedisLoad.RunAsync(args[1..]);
}

// In-process: no generated project to build on a shared machine; one thread, so the figures are per core.
var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(8);
BenchmarkSwitcher.FromAssembly(typeof(MemoryDecisionBenchmarks).Assembly)
    .Run(args, DefaultConfig.Instance.AddJob(job).AddColumn(StatisticColumn.OperationsPerSecond));
return 0;
