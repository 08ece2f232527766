# Two entry points: `make demo` runs the main job on the embedded data, `make test` runs every check.
# Both create .venv in the repository root when it is missing and install the package into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit bench eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The demo screens the shipped sample (examples/transactions.jsonl, 50 transactions covering every
# default rule) with the sample watchlist, writing results and the HTML report under build/demo/.
demo: $(STAMP)
	$(BIN)/dualuse lists info
	$(BIN)/dualuse match "WUHAN GLOBAL SENSOR TECHNOLOGY CO., LTD."
	$(BIN)/dualuse --watchlist examples/watchlist.jsonl screen examples/transactions.jsonl \
		--out build/demo/results.jsonl --report build/demo/report.html --workers 1
	@echo "results: build/demo/results.jsonl   report: build/demo/report.html"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy src

unit: $(STAMP)
	$(BIN)/pytest

test: lint typecheck unit

# Benchmarks and evaluations print tables with a baseline measured in the same run. Several read
# ../shared (the reference data beside a developer's clone); none of them is part of `make test`.
bench: $(STAMP)
	$(BIN)/python bench/lists_load.py --runs 3
	$(BIN)/python bench/lists_crosslink.py --runs 3
	$(BIN)/python bench/names_bench.py --queries 600
	$(BIN)/python bench/names_scale.py
	$(BIN)/python bench/goods_eval.py --split all
	$(BIN)/python bench/screen_bench.py --count 20000
	$(BIN)/python bench/payments_bench.py --messages 300
	$(BIN)/python bench/media_ingest.py --sizes 100,300

SHARED_EVAL ?= ../shared/eval
eval: $(STAMP)
	$(BIN)/python $(SHARED_EVAL)/name_eval.py --adapter bench/names_eval_adapter.py:screen \
		--suites un_sc,watchman_cross_script --threshold 0.85
	$(BIN)/python $(SHARED_EVAL)/name_eval.py --adapter bench/names_eval_adapter.py:screen \
		--suites-dir bench/names_fixtures --threshold 0.85
	$(BIN)/python bench/goods_eval.py

clean:
	rm -rf $(VENV) build *.egg-info
