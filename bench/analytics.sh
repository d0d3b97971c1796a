#!/usr/bin/env bash
# Analytics benchmarks, each printed beside its baseline from the same run, on a throwaway PostgreSQL:
#   1. ingestion: EVENTS generated events spread over 7 days posted to POST /api/analytics/collect/batch (this also loads
#      the data for step 3) versus `psql \copy` of COPY_EVENTS rows of the same kind into the same table (another database).
#      Both contenders read prepared input: the loader serialises its batches into a spool file before the clock starts,
#      as the CSV for `psql` is written before its clock starts;
#   2. SQLite ingestion of SQLITE_EVENTS through the same endpoint;
#   3. queries: /stats (24h, 7d) and /timeseries on that data versus the seed-style raw SQL (percentile_cont over raw rows,
#      one run each: at 10 M events they take seconds to a minute).
# Usage: bench/analytics.sh [events=10000000] [copy_events=2000000] [sqlite_events=1000000]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require psql postgresql-client
require curl curl
EVENTS=${1:-10000000}
COPY_EVENTS=${2:-2000000}
SQLITE_EVENTS=${3:-1000000}
BENCH_OUT=$(mktemp -d)
chmod 755 "$BENCH_OUT"
KEY=bench-ingest-key

dotnet build "$BENCH_ROOT/src/EndpointStats" -c Release -v q -nologo >/dev/null
dotnet build "$BENCH_ROOT/bench/AnalyticsLoad" -c Release -v q -nologo >/dev/null
platform_dll="$BENCH_ROOT/src/EndpointStats/bin/Release/net10.0/endpoint-stats.dll"
load_dll="$BENCH_ROOT/bench/AnalyticsLoad/bin/Release/net10.0/AnalyticsLoad.dll"

# A throwaway PostgreSQL with production-like durability (fsync on, asynchronous commit) for both contenders.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_port=$(free_port)
mkdir -p "$BENCH_OUT/pg" && [ "$(id -u)" -ne 0 ] || chown postgres "$BENCH_OUT/pg"
as_pg "$pg_bin/initdb" -D "$BENCH_OUT/pg" -U postgres -A trust -E UTF8 >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$BENCH_OUT/pg" -l "$BENCH_OUT/pg/server.log" -w start -o \
  "-p $pg_port -k $BENCH_OUT/pg -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c max_wal_size=8GB -c synchronous_commit=off -c work_mem=64MB" >/dev/null
stop_pg() {
  as_pg "$pg_bin/pg_ctl" -D "$BENCH_OUT/pg" -m fast -w stop >/dev/null 2>&1 || true
  bench_cleanup
  rm -rf "$BENCH_OUT/pg" "$BENCH_OUT/sqlite" "$BENCH_OUT/events.csv"  # gigabytes at 10 M events; the logs stay
}
trap stop_pg EXIT
pg="host=127.0.0.1 port=$pg_port user=postgres"
psql "$pg dbname=postgres" -qc "CREATE DATABASE es" -c "CREATE DATABASE baseline"
dotnet "$platform_dll" migrate "--ConnectionStrings:Postgres=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=baseline" >/dev/null

api_port=$(free_port)
start_server analytics "$BENCH_OUT" dotnet "$platform_dll" serve --role analytics --urls "http://127.0.0.1:$api_port" \
  "--ConnectionStrings:Postgres=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=es;Maximum Pool Size=20" "--Analytics:IngestKey=$KEY" \
  "--Security:AnonymousDashboards=true"
wait_ok "http://127.0.0.1:$api_port/healthz/ready" >/dev/null

echo "1. loading $EVENTS events over 7 days through POST /api/analytics/collect/batch (5,000 per batch, 4 connections)..."
read -r _ load_s load_rate < <(dotnet "$load_dll" load "http://127.0.0.1:$api_port" "$KEY" "$EVENTS" 7 5000 4 "$BENCH_OUT")

echo "   psql \\copy of $COPY_EVENTS rows of the same kind into the same table (database 'baseline')..."
dotnet "$load_dll" csv "$BENCH_OUT/events.csv" "$COPY_EVENTS" 7
chmod 644 "$BENCH_OUT/events.csv"
psql "$pg dbname=baseline" -q <<'SQL'
DO $$
DECLARE d date;
BEGIN
  FOR d IN SELECT generate_series(current_date - 8, current_date + 1, interval '1 day')::date LOOP
    EXECUTE format('CREATE TABLE analytics_events_%s PARTITION OF analytics_events FOR VALUES FROM (%L) TO (%L)', to_char(d, 'YYYYMMDD'), d, d + 1);
  END LOOP;
END $$;
SQL
copy_start=$(date +%s%N)
psql "$pg dbname=baseline" -qc "\\copy analytics_events (id, ts, route, method, status, duration_ms, client_ip, user_id, user_agent, pod_name, request_bytes, response_bytes, is_error) FROM '$BENCH_OUT/events.csv' WITH (FORMAT csv)"
copy_end=$(date +%s%N)
copy_rate=$(awk -v n="$COPY_EVENTS" -v ns=$((copy_end - copy_start)) 'BEGIN { printf "%.0f", n / (ns / 1e9) }')

echo "2. SQLite: $SQLITE_EVENTS events through the same endpoint..."
sqlite_port=$(free_port)
mkdir -p "$BENCH_OUT/sqlite"
start_server sqlite "$BENCH_OUT/sqlite" dotnet "$platform_dll" serve --role analytics --urls "http://127.0.0.1:$sqlite_port" "--Analytics:IngestKey=$KEY"
wait_ok "http://127.0.0.1:$sqlite_port/healthz/ready" >/dev/null
read -r _ sqlite_s sqlite_rate < <(dotnet "$load_dll" load "http://127.0.0.1:$sqlite_port" "$KEY" "$SQLITE_EVENTS" 7 5000 4 "$BENCH_OUT")

echo "3. queries on $EVENTS events over 7 days..."
psql "$pg dbname=es" -qc "VACUUM ANALYZE"
queries=$(dotnet "$load_dll" query "http://127.0.0.1:$api_port" "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=es;Command Timeout=600" 50 1)

echo
echo "Analytics ingestion ($(nproc) cores shared by client, server and PostgreSQL)"
printf '%-52s %14s %10s\n' "path" "events/s" "seconds"
printf '%-52s %14s %10s\n' "psql \\copy CSV into analytics_events (baseline)" "$copy_rate" "$(awk -v a="$copy_end" -v b="$copy_start" 'BEGIN{printf "%.1f",(a-b)/1e9}')"
printf '%-52s %14s %10s\n' "POST /collect/batch -> PostgreSQL ($EVENTS events)" "$load_rate" "$load_s"
printf '%-52s %14s %10s\n' "POST /collect/batch -> SQLite ($SQLITE_EVENTS events)" "$sqlite_rate" "$sqlite_s"
awk -v a="$load_rate" -v b="$copy_rate" 'BEGIN { printf "ratio collect/copy: %.0f%% (target >= 50%%); PostgreSQL target >= 100000 events/s sustained\n", 100 * a / b }'
echo
echo "Queries (API: 50 runs after a warm-up; seed SQL: 1 run) on the same data; targets: /stats p95 <= 100 ms, /timeseries p95 <= 50 ms"
echo "$queries"
