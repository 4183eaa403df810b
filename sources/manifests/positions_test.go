package manifests

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLocatorFindsFields(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "m.yaml")
	text := `# comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    "container.apparmor.security.beta.kubernetes.io/app": unconfined
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx
          securityContext:
            privileged: true
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: p}
  spec:
    hostPID: true
`
	if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var l Locator
	for _, tt := range []struct {
		line      int
		path      string
		want, col int
		ok        bool
	}{
		{1, "spec.template.spec.containers[0].securityContext.privileged", 15, 13, true},
		// Absent: the nearest part that exists (securityContext).
		{1, "spec.template.spec.containers[0].securityContext.runAsNonRoot", 14, 11, true},
		{1, `metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]`, 7, 5, true},
		{1, "spec.template.spec.containers[3].image", 11, 7, true},
		{20, "spec.hostPID", 24, 5, true},
		{2, "spec", 0, 0, false}, // no object starts on line 2
	} {
		line, col, ok := l.Locate(f, tt.line, tt.path)
		if ok != tt.ok || line != tt.want || col != tt.col {
			t.Errorf("Locate(%d, %s) = %d:%d %v, want %d:%d %v", tt.line, tt.path, line, col, ok, tt.want, tt.col, tt.ok)
		}
	}
	if _, _, ok := l.Locate(filepath.Join(dir, "missing.yaml"), 1, "spec"); ok {
		t.Error("a missing file located a field")
	}
}
