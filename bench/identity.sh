#!/usr/bin/env bash
# Image download/upload MB/s against a plain file copy of the same bytes, and login throughput against the bare
# password-hash rate with the same PBKDF2 parameters, all in one run against a Release build on embedded storage.
# Usage: bench/identity.sh [seconds=10] [concurrency=4] [image-bytes=4194304] [pbkdf2-iterations=100000]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require curl curl
SECONDS_PER_RUN=${1:-10}
CONCURRENCY=${2:-4}
IMAGE_BYTES=${3:-4194304}
ITERATIONS=${4:-100000}
BENCH_OUT=$(mktemp -d)

dotnet build "$BENCH_ROOT/src/EndpointStats" -c Release -v q -nologo >/dev/null
dotnet build "$BENCH_ROOT/bench/IdentityBench" -c Release -v q -nologo >/dev/null
platform_dll="$BENCH_ROOT/src/EndpointStats/bin/Release/net10.0/endpoint-stats.dll"
bench_dll="$BENCH_ROOT/bench/IdentityBench/bin/Release/net10.0/IdentityBench.dll"

port=$(free_port)
mkdir -p "$BENCH_OUT/platform"
# Login limits raised so the benchmark measures hashing, not the throttle; everything else is the default.
start_server platform "$BENCH_OUT/platform" dotnet "$platform_dll" serve --urls "http://127.0.0.1:$port" \
  --Identity:LoginAttemptsPerAccount=100000 --Identity:LoginAttemptsPerIp=1000000 --Identity:LoginWindow=00:00:01 \
  --Identity:PasswordHashIterations="$ITERATIONS" --Logging:LogLevel:Default=Warning
wait_ok "http://127.0.0.1:$port/healthz/ready" >/dev/null

dotnet "$bench_dll" "http://127.0.0.1:$port" "$SECONDS_PER_RUN" "$CONCURRENCY" "$IMAGE_BYTES" "$ITERATIONS"
