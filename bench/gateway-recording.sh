#!/usr/bin/env bash
# GET / through the gateway with request recording on (events to the in-process analytics store, embedded SQLite)
# versus the same binary with Analytics:Recording=false, in ROUNDS rounds of one run each, back to back. The headline is
# the median of the rounds' losses: the two runs of a round share the machine's conditions, which on a shared machine move
# by more than the effect measured. Each side's best run and the medians of each side are printed too.
# Target: at most 5% throughput loss.
# Usage: bench/gateway-recording.sh [seconds=10] [connections=32] [rounds=6]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require wrk wrk
require curl curl
SECONDS_PER_RUN=${1:-10}
CONNECTIONS=${2:-32}
ROUNDS=${3:-6}
# Tiered JIT and PGO keep raising a fresh process's throughput for 15-20 s under load: both sides warm up that long first.
WARMUP_SECONDS=${WARMUP_SECONDS:-20}
BENCH_OUT=$(mktemp -d)

dotnet build "$BENCH_ROOT/src/EndpointStats" -c Release -v q -nologo >/dev/null
platform_dll="$BENCH_ROOT/src/EndpointStats/bin/Release/net10.0/endpoint-stats.dll"

# A limit never reached, as in ratelimit-gateway.sh: the shipped 100/min on / would answer nearly every request with a
# 429 problem body, and the run would measure that path instead of GET /.
cat >"$BENCH_OUT/rules.json" <<'JSON'
{
  "Rules": [ { "Name": "root", "Route": "/", "Limits": [ { "Permitted": 1000000000, "Period": "1h" } ] } ],
  "Default": { "Name": "default", "Limits": [ { "Permitted": 1000000000, "Period": "1h" } ] }
}
JSON

off_port=$(free_port)
on_port=$(free_port)
mkdir -p "$BENCH_OUT/off" "$BENCH_OUT/on"
start_server off "$BENCH_OUT/off" env RateLimiting__RulesFile="$BENCH_OUT/rules.json" dotnet "$platform_dll" serve --urls "http://127.0.0.1:$off_port" --Analytics:Recording=false
start_server on "$BENCH_OUT/on" env RateLimiting__RulesFile="$BENCH_OUT/rules.json" dotnet "$platform_dll" serve --urls "http://127.0.0.1:$on_port"
wait_ok "http://127.0.0.1:$off_port/healthz/ready" >/dev/null
wait_ok "http://127.0.0.1:$on_port/healthz/ready" >/dev/null

echo "warming up..."
run_wrk "http://127.0.0.1:$off_port/" "$CONNECTIONS" "$WARMUP_SECONDS" >/dev/null
run_wrk "http://127.0.0.1:$on_port/" "$CONNECTIONS" "$WARMUP_SECONDS" >/dev/null

off_runs=() on_runs=() losses=()
for round in $(seq 1 "$ROUNDS"); do
  off_runs+=("$(run_wrk "http://127.0.0.1:$off_port/" "$CONNECTIONS" "$SECONDS_PER_RUN")")
  on_runs+=("$(run_wrk "http://127.0.0.1:$on_port/" "$CONNECTIONS" "$SECONDS_PER_RUN")")
  losses+=("$(awk -v a="${on_runs[-1]%% *}" -v b="${off_runs[-1]%% *}" 'BEGIN { printf "%.1f", 100 * (b - a) / b }')")
  echo "  round $round: off ${off_runs[-1]%% *} requests/s, on ${on_runs[-1]%% *} requests/s, loss ${losses[-1]}%"
done
read -r off_rps off_p50 off_p99 < <(printf '%s\n' "${off_runs[@]}" | sort -k1,1nr | head -1)
read -r on_rps on_p50 on_p99 < <(printf '%s\n' "${on_runs[@]}" | sort -k1,1nr | head -1)
sleep 2
recorded=$(curl -fsS "http://127.0.0.1:$on_port/metrics" | awk '/^endpointstats_gateway_events_recorded_total/ { s += $2 } END { printf "%.0f", s }')
dropped=$(curl -fsS "http://127.0.0.1:$on_port/metrics" | awk '/^endpointstats_gateway_events_dropped_total/ { s += $2 } END { printf "%.0f", s }')

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
off_median=$(printf '%s\n' "${off_runs[@]}" | cut -d' ' -f1 | median)
on_median=$(printf '%s\n' "${on_runs[@]}" | cut -d' ' -f1 | median)

echo
echo "GET / at $CONNECTIONS connections, $ROUNDS rounds of ${SECONDS_PER_RUN}s per side (wrk, $(nproc) cores shared with the client)"
printf '%-34s %12s %12s %10s %10s\n' "gateway" "median req/s" "best req/s" "p50 ms" "p99 ms"
printf '%-34s %12s %12s %10s %10s\n' "recording off (baseline)" "$off_median" "$off_rps" "$off_p50" "$off_p99"
printf '%-34s %12s %12s %10s %10s\n' "recording on (SQLite, in-process)" "$on_median" "$on_rps" "$on_p50" "$on_p99"
echo "throughput loss, median of the rounds: $(printf '%s\n' "${losses[@]}" | median)% (target <= 5%)"
awk -v a="$on_rps" -v b="$off_rps" 'BEGIN { printf "best run against best run: %.1f%%\n", 100 * (b - a) / b }'
statuses=$(curl -fsS "http://127.0.0.1:$on_port/metrics" | awk '/^endpointstats_ratelimit_decisions_total/ && /outcome="limited"/ { s += $2 } END { printf "%.0f", s }')
echo "rate-limited answers during the runs (should be 0): ${statuses:-0}"
echo "events recorded: ${recorded:-0}, dropped (buffer full): ${dropped:-0}"
