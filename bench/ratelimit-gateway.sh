#!/usr/bin/env bash
# GET / through the gateway with a high-limit rule applied to every request (memory store, then Redis) versus bare Kestrel
# serving the same JSON, in one run.
# Usage: bench/ratelimit-gateway.sh [seconds=15] [connections=32]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require wrk wrk
require curl curl
require redis-server redis-server
require redis-cli redis-tools
SECONDS_PER_RUN=${1:-15}
CONNECTIONS=${2:-32}
BENCH_OUT=$(mktemp -d)

dotnet build "$BENCH_ROOT/src/EndpointStats" -c Release -v q -nologo >/dev/null
dotnet build "$BENCH_ROOT/bench/BareKestrel" -c Release -v q -nologo >/dev/null
platform_dll="$BENCH_ROOT/src/EndpointStats/bin/Release/net10.0/endpoint-stats.dll"
bare_dll="$BENCH_ROOT/bench/BareKestrel/bin/Release/net10.0/BareKestrel.dll"

# Every request is checked (and consumes) against a limit it never reaches.
cat >"$BENCH_OUT/rules.json" <<'JSON'
{
  "Rules": [ { "Name": "root", "Route": "/", "Limits": [ { "Permitted": 1000000000, "Period": "1h" } ] } ],
  "Default": { "Name": "default", "Limits": [ { "Permitted": 1000000000, "Period": "1h" } ] }
}
JSON

redis_port=$(free_port)
start_server redis "$BENCH_OUT" redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no
for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

bare_port=$(free_port); memory_port=$(free_port); redis_gw_port=$(free_port)
mkdir -p "$BENCH_OUT/memory" "$BENCH_OUT/redis"
start_server bare "$BENCH_OUT" dotnet "$bare_dll" --urls "http://127.0.0.1:$bare_port"
start_server memory "$BENCH_OUT/memory" env RateLimiting__RulesFile="$BENCH_OUT/rules.json" \
  dotnet "$platform_dll" serve --urls "http://127.0.0.1:$memory_port"
start_server redisgw "$BENCH_OUT/redis" env RateLimiting__RulesFile="$BENCH_OUT/rules.json" \
  ConnectionStrings__Redis="127.0.0.1:$redis_port" dotnet "$platform_dll" serve --urls "http://127.0.0.1:$redis_gw_port"
for port in "$bare_port" "$memory_port" "$redis_gw_port"; do wait_ok "http://127.0.0.1:$port/" >/dev/null; done
curl -fsS -D - -o /dev/null "http://127.0.0.1:$redis_gw_port/" | grep -i '^ratelimit' || { echo "bench: no RateLimit headers" >&2; exit 1; }

echo "warming up..."
for port in "$bare_port" "$memory_port" "$redis_gw_port"; do run_wrk "http://127.0.0.1:$port/" "$CONNECTIONS" 5 >/dev/null; done

# Alternate the three twice and keep each one's best run, so a noisy neighbour hurts all alike.
best() { sort -k1,1nr | head -1; }
bare_runs=(); memory_runs=(); redis_runs=()
for _ in 1 2; do
  bare_runs+=("$(run_wrk "http://127.0.0.1:$bare_port/" "$CONNECTIONS" "$SECONDS_PER_RUN")")
  memory_runs+=("$(run_wrk "http://127.0.0.1:$memory_port/" "$CONNECTIONS" "$SECONDS_PER_RUN")")
  redis_runs+=("$(run_wrk "http://127.0.0.1:$redis_gw_port/" "$CONNECTIONS" "$SECONDS_PER_RUN")")
done
read -r bare_rps bare_p50 bare_p99 < <(printf '%s\n' "${bare_runs[@]}" | best)
read -r mem_rps mem_p50 mem_p99 < <(printf '%s\n' "${memory_runs[@]}" | best)
read -r red_rps red_p50 red_p99 < <(printf '%s\n' "${redis_runs[@]}" | best)
degraded=$(curl -fsS "http://127.0.0.1:$redis_gw_port/metrics" | awk '/^ratelimit_decisions_total\{.*outcome="degraded"/ { s += $2 } END { print s + 0 }')
redis_decisions=$(curl -fsS "http://127.0.0.1:$redis_gw_port/metrics" | awk '/^ratelimit_decision_duration_seconds_count\{.*store="redis"/ { s += $2 } END { print s + 0 }')
lease_decisions=$(curl -fsS "http://127.0.0.1:$redis_gw_port/metrics" | awk '/^ratelimit_decision_duration_seconds_count\{.*store="lease"/ { s += $2 } END { print s + 0 }')
redis_calls=$(redis-cli -p "$redis_port" info commandstats | awk -F'[=,]' '/^cmdstat_eval(sha)?:/ { s += $2 } END { print s + 0 }')

echo
echo "GET / at $CONNECTIONS connections, ${SECONDS_PER_RUN}s per run, best of 2 (wrk, $(nproc) cores shared with the client and Redis)"
printf '%-40s %12s %10s %10s\n' "server" "requests/s" "p50 ms" "p99 ms"
printf '%-40s %12s %10s %10s\n' "bare Kestrel (baseline)" "$bare_rps" "$bare_p50" "$bare_p99"
printf '%-40s %12s %10s %10s\n' "gateway + rate limit, memory store" "$mem_rps" "$mem_p50" "$mem_p99"
printf '%-40s %12s %10s %10s\n' "gateway + rate limit, Redis store" "$red_rps" "$red_p50" "$red_p99"
awk -v a="$mem_rps" -v b="$bare_rps" 'BEGIN { printf "ratio memory/bare: %.1f%% (target >= 75%%)\n", 100 * a / b }'
awk -v a="$red_rps" -v b="$bare_rps" 'BEGIN { printf "ratio Redis/bare: %.1f%% (target >= 60%%)\n", 100 * a / b }'
echo "Redis gateway: $lease_decisions decisions from leases, $redis_decisions by a Redis call of their own, $degraded by the memory fallback (25 ms timeout); $redis_calls script calls in all"
