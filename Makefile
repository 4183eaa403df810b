# kubeassay: build, test, demo, bench.
#
#   make build   build bin/kubeassay
#   make test    lint, then every test (installs etcd and builds kube-apiserver when missing)
#   make demo    start a local etcd + kube-apiserver, load the sample workload, scan it
#                (table on the terminal, JSON in demo-result.json)
#   make demo-offline  the same scan of the sample manifests, without a cluster
#   make bench   Go benchmarks, a scale run (objects/s, peak RSS), a live-cluster run (list vs scan),
#                comparisons of 50 and 10 results (fleet)
#                and the HTML/PDF reports of a 100k-object scan (write time, size, browser load)
#   make docs    regenerate docs/checks.md and docs/benchmarks/*.md from the catalogue
#   make lint    go vet and gofmt
#   make rbac    regenerate deploy/rbac.yaml (least-privilege RBAC) from the checks

GO        ?= go
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X main.version=$(VERSION)
BIN       := bin/kubeassay
SCALE_N   ?= 10000,100000
LIVE_N    ?= 5000,25000

.PHONY: all build test test-go lint demo demo-offline bench docs clean report-tools

# chromium and poppler-utils, for the HTML and PDF report tests
report-tools:
	dev/install-report-tools.sh

all: build

build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/kubeassay

lint:
	$(GO) vet ./...
	@unformatted=$$(gofmt -l $$(find . -name '*.go' -not -path './.git/*')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi

test: lint etcd apiserver report-tools test-go

test-go:
	$(GO) test -count=1 -timeout 30m ./...

demo: build etcd apiserver
	$(GO) run ./dev/demo -bin $(BIN) -f testdata/demo -- -o table -o json=demo-result.json -o html=demo-report.html -o pdf=demo-evidence.pdf
	@echo "Written: demo-result.json (JSON result), demo-report.html (open it in a browser), demo-evidence.pdf (evidence for auditors)"

demo-offline: build
	$(BIN) scan -f testdata/demo -o table -o json=demo-result.json -o html=demo-report.html -o pdf=demo-evidence.pdf
	@echo "Written: demo-result.json (JSON result), demo-report.html (open it in a browser), demo-evidence.pdf (evidence for auditors)"

bench: build etcd apiserver report-tools
	$(GO) test -run '^$$' -bench . -benchmem ./checks/ ./checks/rbac/ ./sources/manifests/
	$(GO) run ./dev/perf/scale -bin $(BIN) -n $(SCALE_N)
	$(GO) run ./dev/perf/scale -bin $(BIN) -n $(SCALE_N) -b all -runs 1
	$(GO) run ./dev/perf/memo -bin $(BIN) -n 100000
	$(GO) run ./dev/perf/memo -bin $(BIN) -n 100000 -b all,acme-workloads -policy-dir docs/examples/policies
	$(GO) run ./dev/perf/fleet -bin $(BIN) -n 10000 -results 50 -clusters 5
	$(GO) run ./dev/perf/fleet -bin $(BIN) -n 100000 -results 10 -clusters 2
	$(GO) run ./dev/perf/live -bin $(BIN) -n $(LIVE_N)
	$(GO) run ./dev/perf/live -bin $(BIN) -n 25000 -cronjob
	$(GO) run ./dev/perf/report -bin $(BIN) -n 100000

docs:
	$(GO) test ./dev/docgen -run TestDocsAreFresh -update

rbac:
	$(GO) run ./cmd/kubeassay rbac > deploy/rbac.yaml
	$(GO) run ./dev/chartrbac

clean:
	rm -rf bin demo-result.json demo-report.html demo-evidence.pdf

include dev/testcluster/cluster.mk
