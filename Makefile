# nfimatch: make demo runs the job on a synthetic borough; make test runs every test.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
BIN     := bin/nfimatch

.PHONY: build demo test race lint accuracy bench bench-scale clean

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/nfimatch

## demo: make a synthetic borough in demo/ with data for every built-in
## rule, match it, write the reports to out/ and the Cabinet Office return
## to out/return/
demo: build
	$(BIN) fixtures --catalogue --out demo --output ../out
	$(BIN) run demo/job.yaml
	$(BIN) return --reports out/reports --out out/return
	@echo
	@echo "Open out/summary.html; the Cabinet Office return is in out/return/,"
	@echo "the reports in out/reports/ (queries to try: docs/queries.sql)."

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

## bench: matching speed and memory (figures are ratios within one run):
## the generated person link job at BENCH_PEOPLE records a side (files in,
## Parquet out; the matching stage; the same SQL in DuckDB), then the
## borough benchmarks. go test -bench alone runs them small.
BENCH_PEOPLE ?= 1000000
bench:
	NFIMATCH_BENCH_PEOPLE=$(BENCH_PEOPLE) $(GO) test -run '^$$' -bench . -benchmem -benchtime 1x -timeout 60m ./bench/

## bench-scale: SCALE_PEOPLE records a side (10 million) under a memory
## budget (SCALE_MEMORY, 4GiB) with nfimatch run --memory; the generated
## files go to SCALE_DIR. Prints the time and the peak resident memory.
SCALE_PEOPLE ?= 10000000
SCALE_MEMORY ?= 4GiB
SCALE_DIR    ?= /tmp/nfimatch-scale
bench-scale: build
	$(GO) run ./bench/cmd/people -n $(SCALE_PEOPLE) -out $(SCALE_DIR)
	/usr/bin/time -v $(BIN) run --memory $(SCALE_MEMORY) $(SCALE_DIR)/job.yaml 2>&1 | \
		grep -E 'Elapsed|Maximum resident|candidate pairs|Finished|error|invalid'

clean:
	rm -rf bin out demo
