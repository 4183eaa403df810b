package manifests

import (
	"bufio"
	"bytes"
	"context"
	"testing"

	"github.com/kubeassay/kubeassay/checks"
	"github.com/kubeassay/kubeassay/dev/perf/gen"
)

// BenchmarkSplitList measures delimiting the items of a kubectl-style List,
// the one serial step of a scan.
func BenchmarkSplitList(b *testing.B) {
	var buf bytes.Buffer
	if err := gen.New(1).WriteList(&buf, 2000); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		if err := splitJSON(bytes.NewReader(buf.Bytes()), func([]byte, int) { n++ }); err != nil || n != 2000 {
			b.Fatal(n, err)
		}
	}
}

// BenchmarkReadYAML measures reading multi-document YAML.
func BenchmarkReadYAML(b *testing.B) {
	doc := []byte("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    spec:\n      containers: [{name: web, image: web:1, securityContext: {runAsNonRoot: true}}]\n---\n")
	in := bytes.Repeat(doc, 200)
	b.SetBytes(int64(len(in)))
	for i := 0; i < b.N; i++ {
		out := make(chan checks.Document, 256)
		go func() {
			for range out {
			}
		}()
		if err := readYAML(context.Background(), "bench.yaml", bufioReader(in), out); err != nil {
			b.Fatal(err)
		}
		close(out)
	}
}

func bufioReader(b []byte) *bufio.Reader { return bufio.NewReader(bytes.NewReader(b)) }
