#!/usr/bin/env bash
# Builds the upstream kube-apiserver (dev/testcluster/kube-apiserver, a separate Go
# module) into a cache directory outside the repository, keyed by version.
# Does nothing when the binary is already there. Prints the binary's path on
# stdout; everything else goes to stderr.
#
#   KUBEASSAY_CACHE   cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/kubeassay)
#
# A cold build takes 4–7 minutes on 2 cores (seconds with a warm build cache); see docs/local-control-plane.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mod="${here}/kube-apiserver"

# The version is whatever dev/testcluster/kube-apiserver/go.mod requires.
version="$(awk '$1 == "require" && $2 == "k8s.io/kubernetes" { print $3 } $1 == "k8s.io/kubernetes" && $2 ~ /^v/ { print $2 }' "${mod}/go.mod" | head -n1)"
if [[ -z "${version}" ]]; then
	echo "build-apiserver: cannot find the k8s.io/kubernetes version in ${mod}/go.mod" >&2
	exit 1
fi
major="${version#v}"; major="${major%%.*}"
minor="${version#v*.}"; minor="${minor%%.*}"

cache="${KUBEASSAY_CACHE:-${XDG_CACHE_HOME:-${HOME}/.cache}/kubeassay}"
bindir="${cache}/bin"
out="${bindir}/kube-apiserver-${version}"

if [[ -x "${out}" ]]; then
	echo "${out}"
	exit 0
fi

mkdir -p "${bindir}"

# Several test packages may ask for the binary at once: build it only once.
exec 9>"${bindir}/.kube-apiserver-${version}.lock"
if command -v flock >/dev/null 2>&1; then
	flock 9
fi
if [[ -x "${out}" ]]; then
	echo "${out}"
	exit 0
fi

echo "build-apiserver: building kube-apiserver ${version} (takes a few minutes cold)..." >&2
start="$(date +%s)"
tmp="$(mktemp "${bindir}/.kube-apiserver-${version}.XXXXXX")"
trap 'rm -f "${tmp}"' EXIT

pkg="k8s.io/component-base/version"
(
	cd "${mod}"
	GOWORK=off CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -mod=readonly" go build -trimpath \
		-ldflags "-s -w -X ${pkg}.gitVersion=${version} -X ${pkg}.gitMajor=${major} -X ${pkg}.gitMinor=${minor} -X ${pkg}.gitTreeState=clean" \
		-o "${tmp}" .
)

# Refuse a binary that does not report the version we asked for.
reported="$("${tmp}" --version 2>&1 || true)"
if [[ "${reported}" != "Kubernetes ${version}" ]]; then
	echo "build-apiserver: built binary reports '${reported}', want 'Kubernetes ${version}'" >&2
	exit 1
fi

chmod 0755 "${tmp}"
mv -f "${tmp}" "${out}"
trap - EXIT
echo "build-apiserver: built ${out} in $(( $(date +%s) - start ))s" >&2
echo "${out}"
