#!/usr/bin/env bash
# Builds and pushes the endpoint-stats image, then installs or upgrades the Helm chart.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: deploy/deploy.sh --registry REGISTRY --tag TAG --env dev|prod [options] [-- extra helm arguments]

Builds deploy/Dockerfile as REGISTRY/endpoint-stats:TAG, pushes it, labels the namespace for Pod Security
"restricted", then runs helm upgrade --install with the chart's values-dev.yaml or values-prod.yaml.

Required:
  --registry REGISTRY   image registry and path, e.g. registry.example.com/team (localhost:5000 for a local one)
  --tag TAG             image tag, e.g. 0.1.0 or a commit hash ("latest" is refused)
  --env dev|prod        which values file to use

Options:
  --namespace NS        Kubernetes namespace (default: endpoint-stats)
  --release NAME        Helm release name (default: endpoint-stats)
  --skip-build          do not build or push; deploy an image that is already in the registry
  --dry-run             print every command instead of running it
  -h, --help            show this help

Example:
  deploy/deploy.sh --registry localhost:5000 --tag "$(git rev-parse --short HEAD)" --env dev
USAGE
}

fail() { echo "deploy.sh: $*" >&2; exit 2; }

registry="" tag="" env="" namespace="endpoint-stats" release="endpoint-stats" build=1 dry_run=0 extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --registry) registry="${2:-}"; shift 2 || fail "--registry needs a value" ;;
    --tag) tag="${2:-}"; shift 2 || fail "--tag needs a value" ;;
    --env) env="${2:-}"; shift 2 || fail "--env needs a value" ;;
    --namespace) namespace="${2:-}"; shift 2 || fail "--namespace needs a value" ;;
    --release) release="${2:-}"; shift 2 || fail "--release needs a value" ;;
    --skip-build) build=0; shift ;;
    --dry-run) dry_run=1; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    *) fail "unknown argument '$1' (see --help)" ;;
  esac
done

[ -n "$registry" ] || fail "--registry is required (see --help)"
[ -n "$tag" ] || fail "--tag is required (see --help)"
[ "$tag" != "latest" ] || fail "--tag latest is refused: deploy a version you can roll back to"
[[ "$tag" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || fail "--tag '$tag' is not a valid image tag"
case "$env" in dev|prod) ;; "") fail "--env is required: dev or prod" ;; *) fail "--env must be dev or prod, not '$env'" ;; esac
[[ "$namespace" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || fail "--namespace '$namespace' is not a valid namespace name"

root="$(cd "$(dirname "$0")/.." && pwd)"
chart="$root/deploy/helm/endpoint-stats"
values="$chart/values-$env.yaml"
image="${registry%/}/endpoint-stats"
[ -f "$values" ] || fail "$values is missing"

helm="$(command -v helm || true)"
[ -n "$helm" ] || [ ! -x "$root/.tools/helm/helm" ] || helm="$root/.tools/helm/helm"

run() {
  if [ "$dry_run" -eq 1 ]; then
    printf '%q ' "$@"; echo
  else
    "$@"
  fi
}

if [ "$dry_run" -eq 0 ]; then
  [ "$build" -eq 0 ] || command -v docker >/dev/null 2>&1 || fail "docker is not installed (or use --skip-build)"
  [ -n "$helm" ] || fail "helm is not installed (deploy/tools/install-helm.sh puts one in .tools/helm)"
  command -v kubectl >/dev/null 2>&1 || fail "kubectl is not installed"
  kubectl cluster-info >/dev/null 2>&1 || fail "no Kubernetes cluster reachable with the current kubectl context ($(kubectl config current-context 2>/dev/null || echo none))"
fi

if [ "$build" -eq 1 ]; then
  run docker build -f "$root/deploy/Dockerfile" -t "$image:$tag" "$root"
  run docker push "$image:$tag"
fi

# Pod Security "restricted" is enforced on the namespace itself (the chart's pods all comply).
if [ "$dry_run" -eq 1 ] || ! kubectl get namespace "$namespace" >/dev/null 2>&1; then
  run kubectl create namespace "$namespace"
fi
run kubectl label namespace "$namespace" --overwrite \
  pod-security.kubernetes.io/enforce=restricted pod-security.kubernetes.io/warn=restricted pod-security.kubernetes.io/audit=restricted

# Helm 4 renamed --atomic to --rollback-on-failure: a failed upgrade rolls back either way.
rollback="--rollback-on-failure"
if [ -n "$helm" ] && "$helm" version --short 2>/dev/null | grep -q '^v3\.'; then rollback="--atomic"; fi

run "${helm:-helm}" upgrade --install "$release" "$chart" \
  --namespace "$namespace" \
  -f "$values" \
  --set "image.repository=$image" --set "image.tag=$tag" \
  --wait --timeout 10m "$rollback" \
  ${extra[@]+"${extra[@]}"}

[ "$dry_run" -eq 1 ] || echo "deploy.sh: $release $tag deployed to $namespace ($env). helm -n $namespace status $release shows the notes again."
