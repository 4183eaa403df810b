# Local control plane (etcd + upstream kube-apiserver) for tests and the demo.
# Included by the top-level Makefile; see docs/local-control-plane.md.
#
#   make etcd        install etcd (Debian etcd-server via apt-get) if missing
#   make apiserver   build kube-apiserver into the cache dir if missing (4-7 min cold)
#   make cluster     run a local control plane until Ctrl-C
#                    (CLUSTER_FLAGS="-apiserver-flag profiling=true -user alice")

CLUSTER_MK_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
CLUSTER_FLAGS ?=

.PHONY: cluster apiserver etcd

etcd:
	$(CLUSTER_MK_DIR)/install-etcd.sh

apiserver:
	$(CLUSTER_MK_DIR)/build-apiserver.sh

cluster: etcd apiserver
	cd $(CLUSTER_MK_DIR)/../.. && go run ./dev/controlplane $(CLUSTER_FLAGS)
