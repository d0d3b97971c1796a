# Shared helpers for the HTTP benchmarks: build, start a server in the background, wait for it, run wrk.
# Figures are printed beside a baseline measured in the same run; nothing here passes or fails.

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_PIDS=()

bench_cleanup() {
  for pid in "${BENCH_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${BENCH_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap bench_cleanup EXIT

require() {
  command -v "$1" >/dev/null 2>&1 || { echo "bench: '$1' is required (apt-get install $2)" >&2; exit 1; }
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

# start_server NAME WORKDIR COMMAND... : starts in the background, records the pid in BENCH_PIDS.
start_server() {
  local name=$1 dir=$2; shift 2
  (cd "$dir" && exec "$@" >"$BENCH_OUT/$name.log" 2>&1) &
  BENCH_PIDS+=($!)
}

# wait_ok URL : seconds (with ms) until URL answers 200, or fails after 60 s.
wait_ok() {
  local url=$1 start end
  start=$(date +%s%N)
  for _ in $(seq 1 1200); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then
      end=$(date +%s%N)
      awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }'
      return 0
    fi
    sleep 0.05
  done
  echo "bench: $url never answered" >&2
  return 1
}

# run_wrk URL CONNECTIONS SECONDS : prints "rps p50_ms p99_ms".
run_wrk() {
  local out
  out=$(wrk -t"${WRK_THREADS:-1}" -c"$2" -d"$3"s --latency "$1")
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    END { printf "%.0f %.3f %.3f\n", rps, p50, p99 }' <<<"$out"
}

# alternate_best URL_A URL_B CONNECTIONS SECONDS : runs wrk on A then B twice and prints each one's best run
# ("rps p50 p99" for A, then for B, one per line), so a noisy neighbour hurts both alike.
alternate_best() {
  local a_runs=() b_runs=()
  for _ in 1 2; do
    a_runs+=("$(run_wrk "$1" "$3" "$4")")
    b_runs+=("$(run_wrk "$2" "$3" "$4")")
  done
  printf '%s\n' "${a_runs[@]}" | sort -k1,1nr | head -1
  printf '%s\n' "${b_runs[@]}" | sort -k1,1nr | head -1
}
