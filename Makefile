# The two commands a newcomer needs:
#   make run    set up, train if needed, start the assistant
#   make test   set up and run every test (lint included)
# Everyday development:
#   make unit   tests that need no model and no server, database or Redis (well under a minute)
#   make lint   ruff (lint + format check) and mypy
.PHONY: run test unit lint setup dev-setup data model report report-unanswered import-guide benchmark transcripts

PY = .venv/bin/python
CODE = bot actions scripts bench tests

run:
	./scripts/run.sh

test:
	./scripts/test.sh

unit: dev-setup
	PYTHONPATH=. $(PY) -m pytest -q -m "not e2e and not slow and not services"

lint: dev-setup
	.venv/bin/ruff check $(CODE)
	.venv/bin/ruff format --check $(CODE)
	.venv/bin/mypy bot actions scripts bench

setup:
	./scripts/setup.sh

dev-setup:
	./scripts/setup.sh --dev

# Regenerate the NLU examples and jieba dictionary from knowledge/services.yml.
data: setup
	PYTHONPATH=. $(PY) -m bot.tools.nlu_data

model: setup
	$(PY) scripts/ensure_model.py

# Which services have cases, and how many options each.
report: setup
	PYTHONPATH=. $(PY) -m bot.tools.kb_report

# A new version of the published guide: what changed, then it becomes
# knowledge/guide.txt and the fidelity test names each record to update.
import-guide: setup
	@test -n "$(NEW)" || { echo "usage: make import-guide NEW=path/to/guide.txt"; exit 2; }
	PYTHONPATH=. $(PY) -m bot.tools.import_guide "$(NEW)"

# What people asked that the assistant could not answer (CSV beside it).
report-unanswered: setup
	mkdir -p .run
	PYTHONPATH=. $(PY) -m bot.staff.unanswered --csv .run/unanswered.csv

benchmark: dev-setup model
	PYTHONPATH=. $(PY) -m bench.nlu_benchmark --train

# Full conversations with the real assistant, as shown in the README.
transcripts: dev-setup model
	PYTHONPATH=. $(PY) scripts/transcripts.py
