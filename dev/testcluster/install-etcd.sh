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

if ! command -v apt-get >/dev/null 2>&1; then
	echo "install-etcd: etcd is not on PATH and apt-get is not available; install etcd (>= 3.4) yourself" >&2
	exit 1
fi

sudo=()
if [[ "$(id -u)" -ne 0 ]]; then
	if command -v sudo >/dev/null 2>&1; then
		sudo=(sudo)
	else
		echo "install-etcd: need root (or sudo) to apt-get install etcd-server" >&2
		exit 1
	fi
fi

export DEBIAN_FRONTEND=noninteractive
apt_install() {
	"${sudo[@]}" apt-get install -y --no-install-recommends etcd-server >&2
}

echo "install-etcd: installing etcd-server with apt-get..." >&2
if ! apt_install; then
	# A fresh machine may have no package lists yet.
	"${sudo[@]}" apt-get update >&2
	apt_install
fi

# Debian's package starts etcd as a service where systemd runs; the control
# plane starts its own etcd, so a service instance is harmless but unused.
etcd="$(find_etcd)"
if [[ -z "${etcd}" ]]; then
	echo "install-etcd: etcd-server installed but no etcd binary found" >&2
	exit 1
fi
echo "${etcd}"
