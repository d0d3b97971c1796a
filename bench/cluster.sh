#!/usr/bin/env bash
# The cluster role against a fake Kubernetes API server holding 5,000 pods and 500 deployments (bench/ClusterBench):
# /api/cluster/pods latency beside the fake server's raw list, role memory beside its memory before loading, and the
# delay from a pod status change to its visibility in the API beside a raw watch client's delay.
# Usage: bench/cluster.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

dotnet build "$BENCH_ROOT/src/EndpointStats" -c Release -v q -nologo >/dev/null
dotnet build "$BENCH_ROOT/bench/ClusterBench" -c Release -v q -nologo >/dev/null
# Once with the binary's defaults (server GC, tiered PGO), once with the runtime settings the Helm chart gives the cluster
# Deployment (values.yaml roles.cluster.env): workstation GC with a 4 MB gen0 budget and no PGO instrumentation.
for environment in "" "DOTNET_gcServer=0 DOTNET_GCgen0size=0x400000 DOTNET_TieredPGO=0"; do
  # shellcheck disable=SC2086 # the environment is a list of NAME=VALUE words
  dotnet "$BENCH_ROOT/bench/ClusterBench/bin/Release/net10.0/ClusterBench.dll" \
    "$BENCH_ROOT/src/EndpointStats/bin/Release/net10.0/endpoint-stats.dll" $environment
done
