#!/usr/bin/env bash
# GET / through the full gateway pipeline (authentication, rate limiting with a limit never reached, recording into the
# embedded analytics store) versus bare Kestrel serving the same JSON, in one run.
# Usage: bench/gateway.sh [seconds=15] [connections=32]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require wrk wrk
require curl curl
SECONDS_PER_RUN=${1:-15}
CONNECTIONS=${2:-32}
BENCH_OUT=$(mktemp -d)

dotnet build "$BENCH_ROOT/src/EndpointStats" -c Release -v q -nologo >/dev/null
dotnet build "$BENCH_ROOT/bench/BareKestrel" -c Release -v q -nologo >/dev/null
platform_dll="$BENCH_ROOT/src/EndpointStats/bin/Release/net10.0/endpoint-stats.dll"
bare_dll="$BENCH_ROOT/bench/BareKestrel/bin/Release/net10.0/BareKestrel.dll"

bare_port=$(free_port)
platform_port=$(free_port)
mkdir -p "$BENCH_OUT/platform"
# Every request is checked against (and consumes from) a limit it never reaches, so the figure is the pipeline, not 429s.
cat >"$BENCH_OUT/rules.json" <<'JSON'
{ "Default": { "Name": "default", "Limits": [ { "Permitted": 1000000000, "Period": "1h" } ] },
  "Rules": [ { "Name": "root", "Route": "/", "Limits": [ { "Permitted": 1000000000, "Period": "1h" } ] } ] }
JSON
# Start-up is timed from process launch to a 200 from readiness, with a fresh ./data directory.
start_server platform "$BENCH_OUT/platform" env RateLimiting__RulesFile="$BENCH_OUT/rules.json" \
  dotnet "$platform_dll" serve --urls "http://127.0.0.1:$platform_port"
startup=$(wait_ok "http://127.0.0.1:$platform_port/healthz/ready")
start_server bare "$BENCH_OUT" dotnet "$bare_dll" --urls "http://127.0.0.1:$bare_port"
wait_ok "http://127.0.0.1:$bare_port/" >/dev/null

echo "warming up..."
run_wrk "http://127.0.0.1:$bare_port/" "$CONNECTIONS" 5 >/dev/null
run_wrk "http://127.0.0.1:$platform_port/" "$CONNECTIONS" 5 >/dev/null

# Alternate the two twice and keep each one's best run, so a noisy neighbour hurts both alike.
best() { sort -k1,1nr | head -1; }
bare_runs=(); platform_runs=()
for _ in 1 2; do
  bare_runs+=("$(run_wrk "http://127.0.0.1:$bare_port/" "$CONNECTIONS" "$SECONDS_PER_RUN")")
  platform_runs+=("$(run_wrk "http://127.0.0.1:$platform_port/" "$CONNECTIONS" "$SECONDS_PER_RUN")")
done
read -r bare_rps bare_p50 bare_p99 < <(printf '%s\n' "${bare_runs[@]}" | best)
read -r gw_rps gw_p50 gw_p99 < <(printf '%s\n' "${platform_runs[@]}" | best)

echo
echo "GET / at $CONNECTIONS connections, ${SECONDS_PER_RUN}s per run, best of 2 (wrk, $(nproc) cores shared with the client)"
printf '%-28s %12s %10s %10s\n' "server" "requests/s" "p50 ms" "p99 ms"
printf '%-28s %12s %10s %10s\n' "bare Kestrel (baseline)" "$bare_rps" "$bare_p50" "$bare_p99"
printf '%-28s %12s %10s %10s\n' "endpoint-stats gateway" "$gw_rps" "$gw_p50" "$gw_p99"
awk -v a="$gw_rps" -v b="$bare_rps" 'BEGIN { printf "ratio gateway/bare: %.1f%% (target >= 85%%)\n", 100 * a / b }'
echo "platform start-up to ready (embedded SQLite): ${startup}s (target < 5 s)"
curl -fsS "http://127.0.0.1:$platform_port/metrics" | awk '/^endpointstats_(analytics|gateway)_events[a-z_]*_total/ { print "  " $0 }' || true
