#!/usr/bin/env bash
# Makes sure an etcd server is available for the local control plane
# (dev/testcluster, dev/controlplane). Installs Debian's etcd-server with apt-get when
# no etcd is on PATH. Idempotent. Prints the path of etcd on stdout.
set -euo pipefail

find_etcd() {
	command -v etcd 2>/dev/null || { [[ -x /usr/bin/etcd ]] && echo /usr/bin/etcd; } || true
}

etcd="$(find_etcd)"
if [[ -n "${etcd}" ]]; then
	echo "${etcd}"
	exit 0
fi

# shellcheck source=../apt-install.sh
source "$(dirname "${BASH_SOURCE[0]}")/../apt-install.sh"
apt_install install-etcd etcd-server

# Debian's package starts etcd as a service where systemd runs; the control
# plane starts its own etcd, so a service instance is harmless but unused.
etcd="$(find_etcd)"
if [[ -z "${etcd}" ]]; then
	echo "install-etcd: etcd-server installed but no etcd binary found" >&2
	exit 1
fi
echo "${etcd}"
