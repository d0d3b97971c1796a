#!/usr/bin/env bash
# GET / through the gateway with request recording on (events to the in-process analytics store, embedded SQLite)
# versus the same binary with Analytics:Recording=false, alternated ROUNDS times in one run; each side's best run is
# reported (the run least disturbed by whatever else the shared machine does). Target: at most 5% throughput loss.
# Usage: bench/gateway-recording.sh [seconds=12] [connections=32] [rounds=4]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require wrk wrk
require curl curl
SECONDS_PER_RUN=${1:-12}
CONNECTIONS=${2:-32}
ROUNDS=${3:-4}
BENCH_OUT=$(mktemp -d)

dotnet build "$BENCH_ROOT/src/EndpointStats" -c Release -v q -nologo >/dev/null
platform_dll="$BENCH_ROOT/src/EndpointStats/bin/Release/net10.0/endpoint-stats.dll"

off_port=$(free_port)
on_port=$(free_port)
mkdir -p "$BENCH_OUT/off" "$BENCH_OUT/on"
start_server off "$BENCH_OUT/off" dotnet "$platform_dll" serve --urls "http://127.0.0.1:$off_port" --Analytics:Recording=false
start_server on "$BENCH_OUT/on" dotnet "$platform_dll" serve --urls "http://127.0.0.1:$on_port"
wait_ok "http://127.0.0.1:$off_port/healthz/ready" >/dev/null
wait_ok "http://127.0.0.1:$on_port/healthz/ready" >/dev/null

echo "warming up..."
run_wrk "http://127.0.0.1:$off_port/" "$CONNECTIONS" 5 >/dev/null
run_wrk "http://127.0.0.1:$on_port/" "$CONNECTIONS" 5 >/dev/null

off_runs=() on_runs=()
for round in $(seq 1 "$ROUNDS"); do
  off_runs+=("$(run_wrk "http://127.0.0.1:$off_port/" "$CONNECTIONS" "$SECONDS_PER_RUN")")
  on_runs+=("$(run_wrk "http://127.0.0.1:$on_port/" "$CONNECTIONS" "$SECONDS_PER_RUN")")
  echo "  round $round: off ${off_runs[-1]%% *} requests/s, on ${on_runs[-1]%% *} requests/s"
done
read -r off_rps off_p50 off_p99 < <(printf '%s\n' "${off_runs[@]}" | sort -k1,1nr | head -1)
read -r on_rps on_p50 on_p99 < <(printf '%s\n' "${on_runs[@]}" | sort -k1,1nr | head -1)
sleep 2
recorded=$(curl -fsS "http://127.0.0.1:$on_port/metrics" | awk '/^endpointstats_gateway_events_recorded_total/ { s += $2 } END { printf "%.0f", s }')
dropped=$(curl -fsS "http://127.0.0.1:$on_port/metrics" | awk '/^endpointstats_gateway_events_dropped_total/ { s += $2 } END { printf "%.0f", s }')

echo
echo "GET / at $CONNECTIONS connections, ${SECONDS_PER_RUN}s per run, best of $ROUNDS alternated runs (wrk, $(nproc) cores shared with the client)"
printf '%-34s %12s %10s %10s\n' "gateway" "requests/s" "p50 ms" "p99 ms"
printf '%-34s %12s %10s %10s\n' "recording off (baseline)" "$off_rps" "$off_p50" "$off_p99"
printf '%-34s %12s %10s %10s\n' "recording on (SQLite, in-process)" "$on_rps" "$on_p50" "$on_p99"
awk -v a="$on_rps" -v b="$off_rps" 'BEGIN { printf "throughput loss: %.1f%% (target <= 5%%)\n", 100 * (b - a) / b }'
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
off_median=$(printf '%s\n' "${off_runs[@]}" | cut -d' ' -f1 | median)
on_median=$(printf '%s\n' "${on_runs[@]}" | cut -d' ' -f1 | median)
awk -v a="$on_median" -v b="$off_median" 'BEGIN { printf "medians of the rounds: off %.0f, on %.0f requests/s (loss %.1f%%)\n", b, a, 100 * (b - a) / b }'
echo "events recorded: ${recorded:-0}, dropped (buffer full): ${dropped:-0}"
