# nfimatch: make demo runs the job on a synthetic borough; make test runs every test.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
BIN     := bin/nfimatch

.PHONY: build demo test race lint accuracy bench bench-scale clean

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/nfimatch

## demo: make a synthetic borough in demo/, match it and write out/
demo: build
	$(BIN) fixtures --out demo --output ../out
	$(BIN) run demo/job.yaml

## test: every test, including DuckDB reading the reports
test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

## race: the concurrent packages under the race detector
race:
	$(GO) test -count=1 -race ./matcher/... ./batch/...

lint:
	@test -z "$$(gofmt -l .)" || (echo "gofmt needed:"; gofmt -l .; exit 1)
	$(GO) vet ./...

## accuracy: precision, recall, F1 and blocking recall on the public
## benchmarks in ../shared/data (skipped when it is absent)
accuracy:
	@$(GO) run ./bench/accuracy -data ../shared/data -rules bench/accuracy

## bench: matching speed and memory (figures are ratios within one run)
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 3x ./bench/

clean:
	rm -rf bin out demo
