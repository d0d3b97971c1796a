#!/usr/bin/env bash
# In-memory rate-limit decisions on one core (BenchmarkDotNet, allocations measured) against ASP.NET Core's built-in
# token-bucket limiter per key, in the same run.
# Usage: bench/ratelimit-memory.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
dotnet build "$BENCH_ROOT/bench/RateLimiting.Benchmarks" -c Release -v q -nologo >/dev/null
cd "$BENCH_ROOT/bench/RateLimiting.Benchmarks"
dotnet bin/Release/net10.0/EndpointStats.RateLimiting.Benchmarks.dll --filter '*MemoryDecision*' --artifacts "$(mktemp -d)" \
  | sed -n '/^| Method/,/^$/p'
echo "target: GCRA memory >= 5,000,000 decisions/s (Op/s) with 0 B allocated"
