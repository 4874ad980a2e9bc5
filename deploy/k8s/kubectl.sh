#!/usr/bin/env bash
# Print the path of a kubectl that can build the overlays (`kubectl kustomize`), installing
# Debian's `kubernetes-client` (kubectl 1.20, kustomize v2.0.3) when there is none.
# Used by tests/ops/test_k8s.py and `make k8s`; no cluster is needed for either.
set -euo pipefail
export LOG_TAG=k8s
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
if [ -n "${KUBECTL:-}" ]; then
  command -v "$KUBECTL" || die "KUBECTL=$KUBECTL is not a program"
  exit 0
fi
if ! command -v kubectl >/dev/null; then
  apt_install_if_missing kubernetes-client
fi
command -v kubectl || die "no kubectl after installing kubernetes-client"
