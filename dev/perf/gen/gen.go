// Package gen makes synthetic Kubernetes objects with the mix a real cluster
// has: many namespaces, Deployments owning ReplicaSets owning Pods (so most
// pods share a template with their siblings), StatefulSets, DaemonSets,
// CronJobs with Jobs, Services, ConfigMaps, Secrets, ServiceAccounts, and
// the policy around them: the bootstrap and kubeadm RBAC of a cluster,
// operators with their ClusterRoles, aggregated ClusterRoles and the
// labelled ones they aggregate, ClusterRoleBindings, and per namespace
// Roles, RoleBindings, NetworkPolicies, ResourceQuotas, LimitRanges and Pod
// Security labels, each present in some namespaces and not others (see
// cluster.go and namespace.go). Objects look the way the API server returns
// them (uids, owner references, defaults, status, the service-account token
// volume where the token is mounted), so the scanner's parsing and template
// de-duplication are measured on honest input. Output is deterministic for
// a seed, and Generate yields exactly the number of objects asked for.
package gen

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
)

// Object is one generated object, as decoded JSON.
type Object = map[string]any

// Generator yields objects.
type Generator struct {
	rnd   *rand.Rand
	seq   uint64
	nodes []string
}

// New returns a generator seeded with seed.
func New(seed uint64) *Generator {
	g := &Generator{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	for i := range 50 {
		g.nodes = append(g.nodes, fmt.Sprintf("ip-10-0-%d-%d.ec2.internal", i/10, i%250))
	}
	return g
}

// Generate calls emit for n objects (exactly n) and stops early when emit
// returns an error. The cluster-scoped RBAC comes first (its size grows with
// n up to a bound, and takes at most a twelfth of n), then the system
// namespaces, one namespace per operator, and team namespaces until n.
func (g *Generator) Generate(n int, emit func(Object) error) error {
	count := 0
	out := func(o Object) error {
		if count >= n {
			return errDone
		}
		count++
		return emit(o)
	}
	err := g.generate(n, out)
	if err == errDone {
		return nil
	}
	return err
}

func (g *Generator) generate(n int, out func(Object) error) error {
	ops := operatorsFor(n)
	cluster := g.clusterRBAC(n, ops)
	if budget := n / 12; len(cluster) > budget {
		cluster = cluster[:budget]
	}
	for _, o := range cluster {
		if err := out(o); err != nil {
			return err
		}
	}
	if err := g.systemNamespaces(out); err != nil {
		return err
	}
	for _, op := range ops {
		if err := g.namespace(op.name, op.name, out); err != nil {
			return err
		}
	}
	for ns := 0; ; ns++ {
		if err := g.namespace(fmt.Sprintf("team-%03d", ns), "", out); err != nil {
			return err
		}
	}
}

var errDone = fmt.Errorf("done")

// WriteListFile writes n objects as one List to the file path, and flushes
// it to disk, so that the kernel's write-back does not run during a timed
// scan of it.
func (g *Generator) WriteListFile(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := g.WriteList(f, n); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// WriteList writes n objects as one List, the way kubectl get -o json does.
func (g *Generator) WriteList(w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	if _, err := bw.WriteString("{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n"); err != nil {
		return err
	}
	first := true
	err := g.Generate(n, func(o Object) error {
		if !first {
			if _, err := bw.WriteString(",\n"); err != nil {
				return err
			}
		}
		first = false
		b, err := json.MarshalIndent(o, "        ", "    ")
		if err != nil {
			return err
		}
		bw.WriteString("        ")
		_, err = bw.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	if _, err := bw.WriteString("\n    ],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n"); err != nil {
		return err
	}
	return bw.Flush()
}

func (g *Generator) uid() string {
	g.seq++
	return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", g.rnd.Uint32(), g.seq&0xffff, g.rnd.IntN(0xfff), g.rnd.IntN(0xfff), g.seq)
}

const alnum = "bcdfghjklmnpqrstvwxz2456789"

func (g *Generator) suffix(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alnum[g.rnd.IntN(len(alnum))]
	}
	return string(b)
}

func (g *Generator) meta(kind, ns, name string, labels map[string]any) Object {
	m := Object{
		"name":              name,
		"uid":               g.uid(),
		"resourceVersion":   fmt.Sprint(100000 + g.seq),
		"creationTimestamp": "2026-10-01T12:00:00Z",
	}
	if len(labels) > 0 {
		m["labels"] = labels
	}
	if ns != "" {
		m["namespace"] = ns
	}
	if kind == "Deployment" {
		m["annotations"] = Object{"deployment.kubernetes.io/revision": "3"}
		m["generation"] = 3
	}
	return m
}

func owner(apiVersion, kind, name, uid string) []any {
	return []any{Object{
		"apiVersion": apiVersion, "kind": kind, "name": name, "uid": uid,
		"controller": true, "blockOwnerDeletion": true,
	}}
}

// profile decides how hardened a template is, so that findings vary, and
// which service account its pods run as.
type profile struct {
	hardened   bool
	privileged bool
	hostPath   bool
	sidecar    bool
	// secretEnv: a container takes a password from a Secret through an
	// environment variable (secretKeyRef); otherwise its environment comes
	// from its ConfigMap.
	secretEnv bool
	// sa is the service account ("" for default); noAutomount sets the
	// template's automountServiceAccountToken to false; mountToken says
	// whether admission mounts a token (the template's setting, else the
	// service account's).
	sa          string
	noAutomount bool
	mountToken  bool
}

// profile draws a template's profile; a namespace enforcing the baseline
// or restricted Pod Security level holds no pod that level would refuse.
func (g *Generator) profile(level string) profile {
	r := g.rnd.IntN(100)
	p := profile{
		hardened:   r < 55,
		privileged: r >= 90,
		hostPath:   r >= 85 && r < 95,
		sidecar:    g.rnd.IntN(10) == 0,
		secretEnv:  g.rnd.IntN(100) < 35,
		mountToken: true,
	}
	if level == "baseline" || level == "restricted" {
		p.privileged, p.hostPath, p.sidecar = false, false, false
	}
	if level == "restricted" {
		p.hardened = true
	}
	return p
}

func (g *Generator) container(name, image string, p profile) Object {
	c := Object{
		"name":                     name,
		"image":                    image,
		"imagePullPolicy":          "IfNotPresent",
		"ports":                    []any{Object{"containerPort": 8080, "name": "http", "protocol": "TCP"}},
		"resources":                Object{"limits": Object{"cpu": "500m", "memory": "512Mi"}, "requests": Object{"cpu": "100m", "memory": "128Mi"}},
		"terminationMessagePath":   "/dev/termination-log",
		"terminationMessagePolicy": "File",
		"env":                      []any{Object{"name": "LOG_LEVEL", "value": "info"}},
		"readinessProbe":           Object{"httpGet": Object{"path": "/healthz", "port": 8080, "scheme": "HTTP"}, "periodSeconds": 10, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3},
	}
	if p.secretEnv {
		c["env"] = append(c["env"].([]any), Object{"name": "DB_PASSWORD", "valueFrom": Object{"secretKeyRef": Object{"name": name + "-db", "key": "password"}}})
	} else {
		c["envFrom"] = []any{Object{"configMapRef": Object{"name": name + "-config"}}}
	}
	switch {
	case p.hardened:
		c["securityContext"] = Object{
			"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true,
			"runAsNonRoot": true, "runAsUser": 10001,
			"capabilities":   Object{"drop": []any{"ALL"}},
			"seccompProfile": Object{"type": "RuntimeDefault"},
		}
	case p.privileged:
		c["securityContext"] = Object{"privileged": true}
	}
	return c
}

func (g *Generator) template(ns, app string, p profile, extraLabels Object) Object {
	labels := Object{"app.kubernetes.io/name": app, "app.kubernetes.io/part-of": ns}
	for k, v := range extraLabels {
		labels[k] = v
	}
	spec := Object{
		"containers":                    []any{g.container(app, fmt.Sprintf("registry.example.com/%s/%s:1.%d.%d", ns, app, g.rnd.IntN(9), g.rnd.IntN(20)), p)},
		"dnsPolicy":                     "ClusterFirst",
		"restartPolicy":                 "Always",
		"schedulerName":                 "default-scheduler",
		"terminationGracePeriodSeconds": 30,
		"securityContext":               Object{},
		"enableServiceLinks":            true,
	}
	if p.sa != "" {
		// Defaulting mirrors serviceAccountName into the deprecated field.
		spec["serviceAccountName"], spec["serviceAccount"] = p.sa, p.sa
	}
	if p.noAutomount {
		spec["automountServiceAccountToken"] = false
	}
	if p.hardened {
		spec["securityContext"] = Object{"runAsNonRoot": true, "seccompProfile": Object{"type": "RuntimeDefault"}, "fsGroup": 10001}
	}
	if p.hostPath {
		spec["volumes"] = []any{Object{"name": "host-logs", "hostPath": Object{"path": "/var/log", "type": ""}}}
	}
	return Object{"metadata": Object{"labels": labels, "annotations": Object{"prometheus.io/scrape": "true"}}, "spec": spec}
}

// pod makes a pod from a template the way the API server would store it.
func (g *Generator) pod(ns, name string, tmpl Object, ownerRefs []any, extraLabels Object, p profile) Object {
	tm := tmpl["metadata"].(Object)
	labels := Object{}
	for k, v := range tm["labels"].(Object) {
		labels[k] = v
	}
	for k, v := range extraLabels {
		labels[k] = v
	}
	meta := g.meta("Pod", ns, name, labels)
	meta["ownerReferences"] = ownerRefs
	meta["annotations"] = tm["annotations"]
	spec := Object{}
	for k, v := range tmpl["spec"].(Object) {
		spec[k] = v
	}
	// Admission names the service account and, unless automounting is off,
	// mounts its token through a projected volume.
	sa := "default"
	if p.sa != "" {
		sa = p.sa
	}
	spec["serviceAccountName"], spec["serviceAccount"] = sa, sa
	tokenVol := "kube-api-access-" + g.suffix(5)
	ctrs := []any{}
	for _, c := range spec["containers"].([]any) {
		cc := Object{}
		for k, v := range c.(Object) {
			cc[k] = v
		}
		if p.mountToken {
			cc["volumeMounts"] = []any{Object{"name": tokenVol, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": true}}
		}
		ctrs = append(ctrs, cc)
	}
	if p.sidecar {
		// A webhook injected a proxy that the template does not have.
		ctrs = append(ctrs, Object{"name": "mesh-proxy", "image": "registry.example.com/mesh/proxy:1.22", "securityContext": Object{"capabilities": Object{"add": []any{"NET_ADMIN", "NET_RAW"}}, "runAsUser": 0}})
	}
	spec["containers"] = ctrs
	vols := []any{}
	if v, ok := spec["volumes"].([]any); ok {
		vols = append(vols, v...)
	}
	if p.mountToken {
		vols = append(vols, Object{"name": tokenVol, "projected": Object{"defaultMode": 420, "sources": []any{
			Object{"serviceAccountToken": Object{"expirationSeconds": 3607, "path": "token"}},
			Object{"configMap": Object{"name": "kube-root-ca.crt", "items": []any{Object{"key": "ca.crt", "path": "ca.crt"}}}},
		}}})
	}
	if len(vols) > 0 {
		spec["volumes"] = vols
	}
	node := g.nodes[g.rnd.IntN(len(g.nodes))]
	spec["nodeName"] = node
	spec["preemptionPolicy"] = "PreemptLowerPriority"
	spec["priority"] = 0
	spec["tolerations"] = []any{
		Object{"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300},
		Object{"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300},
	}
	status := Object{
		"phase": "Running", "hostIP": "10.0.1.17", "podIP": fmt.Sprintf("10.1.%d.%d", g.rnd.IntN(250), g.rnd.IntN(250)),
		"qosClass": "Burstable", "startTime": "2026-10-01T12:00:05Z",
		"conditions": []any{
			Object{"type": "Initialized", "status": "True", "lastTransitionTime": "2026-10-01T12:00:05Z"},
			Object{"type": "Ready", "status": "True", "lastTransitionTime": "2026-10-01T12:00:09Z"},
			Object{"type": "ContainersReady", "status": "True", "lastTransitionTime": "2026-10-01T12:00:09Z"},
			Object{"type": "PodScheduled", "status": "True", "lastTransitionTime": "2026-10-01T12:00:05Z"},
		},
		"containerStatuses": []any{Object{"name": name, "ready": true, "restartCount": 0, "started": true,
			"image": "registry.example.com/app:1.0", "imageID": "registry.example.com/app@sha256:" + g.suffix(32),
			"containerID": "containerd://" + g.suffix(32), "state": Object{"running": Object{"startedAt": "2026-10-01T12:00:08Z"}}}},
	}
	return Object{"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec, "status": status}
}

func (g *Generator) deployment(ns, name string, p profile, emit func(Object) error) error {
	replicas := 2 + g.rnd.IntN(4)
	tmpl := g.template(ns, name, p, nil)
	dmeta := g.meta("Deployment", ns, name, Object{"app.kubernetes.io/name": name})
	dep := Object{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": dmeta,
		"spec": Object{"replicas": replicas, "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600,
			"selector": Object{"matchLabels": Object{"app.kubernetes.io/name": name}},
			"strategy": Object{"type": "RollingUpdate", "rollingUpdate": Object{"maxSurge": "25%", "maxUnavailable": "25%"}},
			"template": tmpl},
		"status": Object{"replicas": replicas, "readyReplicas": replicas, "availableReplicas": replicas, "updatedReplicas": replicas, "observedGeneration": 3}}
	if err := emit(dep); err != nil {
		return err
	}
	hash := g.suffix(10)
	rsName := name + "-" + hash
	rsTmpl := Object{"metadata": Object{"labels": withLabel(tmpl["metadata"].(Object)["labels"].(Object), "pod-template-hash", hash), "annotations": tmpl["metadata"].(Object)["annotations"]}, "spec": tmpl["spec"]}
	rsMeta := g.meta("ReplicaSet", ns, rsName, rsTmpl["metadata"].(Object)["labels"].(Object))
	rsMeta["ownerReferences"] = owner("apps/v1", "Deployment", name, dmeta["uid"].(string))
	rs := Object{"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": rsMeta,
		"spec":   Object{"replicas": replicas, "selector": Object{"matchLabels": Object{"app.kubernetes.io/name": name, "pod-template-hash": hash}}, "template": rsTmpl},
		"status": Object{"replicas": replicas, "readyReplicas": replicas, "availableReplicas": replicas, "fullyLabeledReplicas": replicas, "observedGeneration": 1}}
	if err := emit(rs); err != nil {
		return err
	}
	for range replicas {
		pp := p
		pp.sidecar = p.sidecar && g.rnd.IntN(2) == 0
		if err := emit(g.pod(ns, rsName+"-"+g.suffix(5), rsTmpl, owner("apps/v1", "ReplicaSet", rsName, rsMeta["uid"].(string)), nil, pp)); err != nil {
			return err
		}
	}
	return nil
}

func withLabel(labels Object, k, v string) Object {
	out := Object{k: v}
	for lk, lv := range labels {
		out[lk] = lv
	}
	return out
}

func (g *Generator) statefulSet(ns, name string, p profile, emit func(Object) error) error {
	replicas := 3
	tmpl := g.template(ns, name, p, nil)
	meta := g.meta("StatefulSet", ns, name, Object{"app.kubernetes.io/name": name})
	if err := emit(Object{"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": meta,
		"spec": Object{"replicas": replicas, "serviceName": name, "selector": Object{"matchLabels": Object{"app.kubernetes.io/name": name}}, "template": tmpl, "podManagementPolicy": "OrderedReady"}}); err != nil {
		return err
	}
	for i := range replicas {
		pn := fmt.Sprintf("%s-%d", name, i)
		pod := g.pod(ns, pn, tmpl, owner("apps/v1", "StatefulSet", name, meta["uid"].(string)), Object{"controller-revision-hash": name + "-" + g.suffix(10), "statefulset.kubernetes.io/pod-name": pn, "apps.kubernetes.io/pod-index": fmt.Sprint(i)}, p)
		pod["spec"].(Object)["hostname"] = pn
		pod["spec"].(Object)["subdomain"] = name
		if err := emit(pod); err != nil {
			return err
		}
	}
	return nil
}

func (g *Generator) daemonSet(ns, name string, p profile, emit func(Object) error) error {
	p.hostPath = true
	tmpl := g.template(ns, name, p, nil)
	meta := g.meta("DaemonSet", ns, name, Object{"app.kubernetes.io/name": name})
	if err := emit(Object{"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": meta,
		"spec": Object{"selector": Object{"matchLabels": Object{"app.kubernetes.io/name": name}}, "template": tmpl}}); err != nil {
		return err
	}
	for range 6 {
		pod := g.pod(ns, name+"-"+g.suffix(5), tmpl, owner("apps/v1", "DaemonSet", name, meta["uid"].(string)), Object{"controller-revision-hash": "6d4f" + g.suffix(6), "pod-template-generation": "1"}, p)
		// The DaemonSet controller pins the pod to its node and adds its
		// tolerations (admission then adds none of its own).
		spec := pod["spec"].(Object)
		spec["affinity"] = Object{"nodeAffinity": Object{"requiredDuringSchedulingIgnoredDuringExecution": Object{"nodeSelectorTerms": []any{
			Object{"matchFields": []any{Object{"key": "metadata.name", "operator": "In", "values": []any{spec["nodeName"]}}}},
		}}}}
		var tols []any
		for _, t := range []struct{ key, effect string }{
			{"node.kubernetes.io/not-ready", "NoExecute"}, {"node.kubernetes.io/unreachable", "NoExecute"},
			{"node.kubernetes.io/disk-pressure", "NoSchedule"}, {"node.kubernetes.io/memory-pressure", "NoSchedule"},
			{"node.kubernetes.io/pid-pressure", "NoSchedule"}, {"node.kubernetes.io/unschedulable", "NoSchedule"},
		} {
			tols = append(tols, Object{"key": t.key, "operator": "Exists", "effect": t.effect})
		}
		spec["tolerations"] = tols
		if err := emit(pod); err != nil {
			return err
		}
	}
	return nil
}

func (g *Generator) cronJob(ns, name string, p profile, emit func(Object) error) error {
	tmpl := g.template(ns, name, p, nil)
	tmpl["spec"].(Object)["restartPolicy"] = "OnFailure"
	meta := g.meta("CronJob", ns, name, Object{"app.kubernetes.io/name": name})
	if err := emit(Object{"apiVersion": "batch/v1", "kind": "CronJob", "metadata": meta,
		"spec": Object{"schedule": "*/15 * * * *", "concurrencyPolicy": "Forbid", "jobTemplate": Object{"spec": Object{"template": tmpl}}}}); err != nil {
		return err
	}
	for j := range 2 {
		jn := fmt.Sprintf("%s-%d", name, 29000000+j*15)
		jmeta := g.meta("Job", ns, jn, Object{"app.kubernetes.io/name": name})
		jmeta["ownerReferences"] = owner("batch/v1", "CronJob", name, meta["uid"].(string))
		jobUID := jmeta["uid"].(string)
		jt := Object{"metadata": Object{"labels": withLabel(withLabel(tmpl["metadata"].(Object)["labels"].(Object), "batch.kubernetes.io/controller-uid", jobUID), "job-name", jn), "annotations": tmpl["metadata"].(Object)["annotations"]}, "spec": tmpl["spec"]}
		if err := emit(Object{"apiVersion": "batch/v1", "kind": "Job", "metadata": jmeta, "spec": Object{"template": jt, "backoffLimit": 6}}); err != nil {
			return err
		}
		if err := emit(g.pod(ns, jn+"-"+g.suffix(5), jt, owner("batch/v1", "Job", jn, jobUID), nil, p)); err != nil {
			return err
		}
	}
	return nil
}

func (g *Generator) service(ns, name string) Object {
	return Object{"apiVersion": "v1", "kind": "Service", "metadata": g.meta("Service", ns, name, Object{"app.kubernetes.io/name": name}),
		"spec": Object{"type": "ClusterIP", "clusterIP": fmt.Sprintf("10.96.%d.%d", g.rnd.IntN(250), g.rnd.IntN(250)),
			"ports":    []any{Object{"name": "http", "port": 80, "protocol": "TCP", "targetPort": 8080}},
			"selector": Object{"app.kubernetes.io/name": name}}}
}

func (g *Generator) configMap(ns, name string) Object {
	return Object{"apiVersion": "v1", "kind": "ConfigMap", "metadata": g.meta("ConfigMap", ns, name+"-config", nil),
		"data": Object{"app.yaml": "listen: :8080\nlog:\n  level: info\nfeatures:\n  search: true\n"}}
}

func (g *Generator) secret(ns, name string) Object {
	return Object{"apiVersion": "v1", "kind": "Secret", "type": "Opaque", "metadata": g.meta("Secret", ns, name+"-db", nil),
		"data": Object{"password": "ZmFrZS1wYXNzd29yZA=="}}
}
