#!/usr/bin/env bash
# helm lint --strict and helm template for the chart with its default, dev and prod values.
# The xunit tests in tests/EndpointStats.Deploy.Tests check the rendered manifests in depth.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
helm="$root/.tools/helm/helm"
chart="$root/deploy/helm/endpoint-stats"
[ -x "$helm" ] || { echo "check-chart: $helm missing; run deploy/tools/install-helm.sh" >&2; exit 1; }

for values in values.yaml values-dev.yaml values-prod.yaml; do
  "$helm" lint --strict "$chart" -f "$chart/$values" >/dev/null
  count=$("$helm" template es "$chart" -n endpoint-stats -f "$chart/$values" | grep -c '^kind:')
  echo "check-chart: $values lints clean and renders $count objects"
done
