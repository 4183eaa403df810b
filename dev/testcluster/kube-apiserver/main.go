// Command kube-apiserver is the upstream Kubernetes API server, built from the
// k8s.io/kubernetes module at the version pinned in this directory's go.mod.
//
// This is a separate Go module on purpose: it pulls in all of Kubernetes and
// must never become a dependency of the kubeassay product module. It exists
// only so that tests and the local demo can run a real control plane. Build
// it with dev/testcluster/build-apiserver.sh, which places the binary in a cache
// directory outside the repository.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	os.Exit(cli.Run(app.NewAPIServerCommand()))
}
