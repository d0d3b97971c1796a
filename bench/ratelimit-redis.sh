#!/usr/bin/env bash
# Redis-backed rate-limit decisions from one process (64 concurrent callers, through the engine with its timeout and
# breaker; at most one EVALSHA per decision, decisions arriving while a call is in flight share the next one) versus
# `redis-benchmark -t incr -c 64` against the same Redis in the same run; then the decision latency (p50/p99) with calls
# issued at a fixed rate at half the INCR rate, beside plain INCR calls (StackExchange.Redis StringIncrementAsync) issued
# by the same open-loop driver at the same rate.
# Usage: bench/ratelimit-redis.sh [seconds=10]
# p50/p99 are per call, from its due time to its answer (open loop: a dedicated thread issues each call when due, so a
# late issue counts against the figure); "degraded" counts decisions answered by the memory fallback. Beside them: the
# same percentiles from each call's actual issue, the p99 of the pacer's lateness, and the share of CPU time the hypervisor
# stole from this VM during the run (/proc/stat). A third open-loop row, the pacer with nothing to call, is this machine's
# floor for the from-due-time figure. A fourth, a raw-socket INCR client on one thread that never sleeps (no thread wake-up,
# no task between a call and its answer; it burns a core), is the floor of any client on this machine and this Redis.
# Decisions go over the store's own connection (the platform's default, RateLimiting:RedisDecisionConnection); a fifth row
# sends them through the shared StackExchange.Redis multiplexer instead, as with that setting off.
# The open-loop rows alternate three times; each row's median-p99 round is shown.
# The driver builds the store without leases: no decision is granted locally. DRIVER_DEBUG=1 prints the driver's GC
# counts and pauses, its CPU use, bytes allocated per call, how late the pacer issued calls, and Redis's script calls and
# script time per decision (INFO commandstats).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require redis-server redis-server
require redis-benchmark redis-tools
require redis-cli redis-tools
SECONDS_PER_RUN=${1:-10}
BENCH_OUT=$(mktemp -d)

dotnet build "$BENCH_ROOT/bench/RateLimiting.Benchmarks" -c Release -v q -nologo >/dev/null
driver="$BENCH_ROOT/bench/RateLimiting.Benchmarks/bin/Release/net10.0/EndpointStats.RateLimiting.Benchmarks.dll"

port=$(free_port)
start_server redis "$BENCH_OUT" redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no
for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done

incr() {
  redis-benchmark -h 127.0.0.1 -p "$port" -t incr -c 64 -n $((SECONDS_PER_RUN * 40000)) --csv 2>/dev/null \
    | awk -F'","' '/INCR/ { gsub(/"/, "", $2); printf "%.0f\n", $2 }'
}
# The engine's timeout is raised for the measurement so that every decision is a Redis one (a timed-out call would be
# answered by the memory fallback and inflate the figure); the "degraded" column counts any that still fell back.
decide() { dotnet "$driver" redis --redis "127.0.0.1:$port" --concurrency 64 --seconds "$SECONDS_PER_RUN" --timeout-ms 1000 "$@"; }
# steal_pct COMMAND... : runs it and appends the stolen share of CPU time (percent) during the run to its one-line output.
steal_pct() {
  local before after out
  before=$(head -1 /proc/stat 2>/dev/null || echo "cpu 0 0 0 0 0 0 0 0")
  out=$("$@")
  after=$(head -1 /proc/stat 2>/dev/null || echo "cpu 0 0 0 0 0 0 0 0")
  awk -v o="$out" -v b="$before" -v a="$after" 'BEGIN {
    nb = split(b, x, " "); split(a, y, " "); total = 0
    for (i = 2; i <= nb; i++) total += y[i] - x[i]
    printf "%s %.1f\n", o, (total > 0 ? 100 * (y[9] - x[9]) / total : 0) }'
}
OPEN_LOOP_ROUNDS=3
median_p99() { sort -k3,3n | sed -n "$(((OPEN_LOOP_ROUNDS + 1) / 2))p"; }

echo "warming up..."
incr >/dev/null
# Alternate baseline and driver twice and keep each one's best, so a noisy neighbour hurts both alike.
incr_runs=(); decide_runs=(); shared_runs=()
for _ in 1 2; do
  incr_runs+=("$(incr)")
  decide_runs+=("$(decide)")
  shared_runs+=("$(decide --decisions shared)")
done
incr_rps=$(printf '%s\n' "${incr_runs[@]}" | sort -nr | head -1)
read -r dec_rps dec_p50 dec_p99 dec_degraded < <(printf '%s\n' "${decide_runs[@]}" | sort -k1,1nr | head -1)
read -r shc_rps shc_p50 shc_p99 shc_degraded < <(printf '%s\n' "${shared_runs[@]}" | sort -k1,1nr | head -1)
half=$((incr_rps / 2))
# The same alternation at half the INCR rate, OPEN_LOOP_ROUNDS times, with the pacer's own floor (no call) in each round.
open_none_runs=(); open_spin_runs=(); open_incr_runs=(); open_decide_runs=(); open_shared_runs=()
for _ in $(seq 1 "$OPEN_LOOP_ROUNDS"); do
  open_none_runs+=("$(steal_pct decide --op none --rate "$half")")
  open_spin_runs+=("$(steal_pct decide --op spin-incr --rate "$half")")
  open_incr_runs+=("$(steal_pct decide --op incr --rate "$half")")
  open_decide_runs+=("$(steal_pct decide --rate "$half")")
  open_shared_runs+=("$(steal_pct decide --rate "$half" --decisions shared)")
done
read -r none_rps none_p50 none_p99 _ none_ip50 none_ip99 none_late none_steal < <(printf '%s\n' "${open_none_runs[@]}" | median_p99)
read -r spin_rps spin_p50 spin_p99 _ spin_ip50 spin_ip99 spin_late spin_steal < <(printf '%s\n' "${open_spin_runs[@]}" | median_p99)
read -r oincr_rps oincr_p50 oincr_p99 _ oincr_ip50 oincr_ip99 oincr_late oincr_steal < <(printf '%s\n' "${open_incr_runs[@]}" | median_p99)
read -r half_rps half_p50 half_p99 half_degraded half_ip50 half_ip99 half_late half_steal < <(printf '%s\n' "${open_decide_runs[@]}" | median_p99)
read -r sh_rps sh_p50 sh_p99 sh_degraded sh_ip50 sh_ip99 sh_late sh_steal < <(printf '%s\n' "${open_shared_runs[@]}" | median_p99)

echo
echo "Redis ($(redis-server --version | awk '{print $3}')) on loopback, 64 concurrent callers, ${SECONDS_PER_RUN}s per run, closed loop best of 2, $(nproc) cores shared"
row() { printf '%-52s %9s %8s %8s %9s %8s %8s %8s %7s\n' "$@"; }
row "load" "ops/s" "p50 ms" "p99 ms" "degraded" "p50 iss" "p99 iss" "late99" "steal%"
row "redis-benchmark -t incr -c 64 (baseline)" "$incr_rps" "-" "-" "-" "-" "-" "-" "-"
row "rate-limit decisions, closed loop" "$dec_rps" "$dec_p50" "$dec_p99" "$dec_degraded" "-" "-" "-" "-"
row "  the same through the shared multiplexer" "$shc_rps" "$shc_p50" "$shc_p99" "$shc_degraded" "-" "-" "-" "-"
row "pacer alone, no call ($half/s, floor)" "$none_rps" "$none_p50" "$none_p99" "-" "$none_ip50" "$none_ip99" "$none_late" "$none_steal"
row "raw-socket INCR, spinning ($half/s, client floor)" "$spin_rps" "$spin_p50" "$spin_p99" "-" "$spin_ip50" "$spin_ip99" "$spin_late" "$spin_steal"
row "plain INCR at half the INCR rate ($half/s, baseline)" "$oincr_rps" "$oincr_p50" "$oincr_p99" "-" "$oincr_ip50" "$oincr_ip99" "$oincr_late" "$oincr_steal"
row "rate-limit decisions at half the INCR rate ($half/s)" "$half_rps" "$half_p50" "$half_p99" "$half_degraded" "$half_ip50" "$half_ip99" "$half_late" "$half_steal"
row "  the same through the shared multiplexer" "$sh_rps" "$sh_p50" "$sh_p99" "$sh_degraded" "$sh_ip50" "$sh_ip99" "$sh_late" "$sh_steal"
echo "(open-loop rows: the round with the median p99 of $OPEN_LOOP_ROUNDS; 'iss' columns measure from each call's actual issue, late99 is the pacer's p99 lateness)"
awk -v a="$dec_rps" -v b="$incr_rps" -v c="$shc_rps" 'BEGIN { printf "ratio decisions/INCR: %.1f%% (target >= 60%%); through the multiplexer: %.1f%%\n", 100 * a / b, 100 * c / b }'
echo "every open-loop round (rate p50 p99 degraded p50-iss p99-iss late99 steal%):"
printf '  none     %s\n' "${open_none_runs[@]}"
printf '  spin     %s\n' "${open_spin_runs[@]}"
printf '  INCR     %s\n' "${open_incr_runs[@]}"
printf '  decide   %s\n' "${open_decide_runs[@]}"
printf '  shared   %s\n' "${open_shared_runs[@]}"
echo "p99 at half the INCR rate: ${half_p99} ms (target <= 1 ms); plain INCR, same driver and rate: ${oincr_p99} ms; pacer alone: ${none_p99} ms; spinning raw-socket INCR: ${spin_p99} ms; decisions through the multiplexer: ${sh_p99} ms"
