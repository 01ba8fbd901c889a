# The two commands: `make run` (set up, then serve the app) and `make test` (set up, lint, test).
# Everything installs into .venv on first use; torch comes first, pinned to the local CPU build.
# `make run` serves app.py through ui/serve.py, which loads the model and the matcher as the server starts.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8501

.PHONY: run test setup lint axe bench clean messages chat-model

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/pathways setup --demo

run: setup
	$(BIN)/python -m ui.serve --server.address localhost --server.port $(PORT) --server.headless true

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy core language catalog matcher planner chat present credentials cohort records pathways ui app.py

# axe-core for the accessibility tests, from the npm registry (npm pack, pinned and checked in
# tests/browserkit.py), into var/cache once.
axe: $(STAMP)
	$(BIN)/python tests/browserkit.py

test: lint axe
	$(BIN)/pytest -q -p no:cacheprovider

# The message catalogs after a change of the product's words (core/messages.py): extract them from
# the code, then merge them into each language's .po (new messages untranslated, changed ones fuzzy).
messages: $(STAMP)
	$(BIN)/python -m core.messages

# The chat's learned intent weights (data/chat/intent_model.npz) after a change of the exemplars, the
# word lists or the dev sets (a test says when): trained from the dev sets, never read by the chat.
chat-model: $(STAMP)
	$(BIN)/python -m chat.intent_training

bench: setup
	$(BIN)/python benchmarks/matcher_eval.py
	$(BIN)/python benchmarks/personal_eval.py
	$(BIN)/python benchmarks/chat_eval.py
	$(BIN)/python benchmarks/solver_bench.py
	$(BIN)/python benchmarks/matcher_bench.py
	$(BIN)/python benchmarks/chat_bench.py
	$(BIN)/python benchmarks/records_bench.py
	$(BIN)/python benchmarks/ui_bench.py
	$(BIN)/python benchmarks/transcript_bench.py --students 100

clean:
	rm -rf $(VENV) var
