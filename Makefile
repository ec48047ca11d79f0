# The two commands a newcomer needs:
#   make run    set up, train if needed, start the assistant
#   make test   set up and run every test
.PHONY: run test setup data model report benchmark transcripts

run:
	./scripts/run.sh

test:
	./scripts/test.sh

setup:
	./scripts/setup.sh

# Regenerate the NLU examples and jieba dictionary from knowledge/services.yml.
data: setup
	.venv/bin/python -m bot.tools.nlu_data

model: setup
	.venv/bin/python scripts/ensure_model.py

# Which services have cases, and how many options each.
report: setup
	PYTHONPATH=. .venv/bin/python -m bot.tools.kb_report

benchmark: model
	PYTHONPATH=. .venv/bin/python -m bench.nlu_benchmark --train

# Three full conversations with the real assistant, as shown in the README.
transcripts: model
	PYTHONPATH=. .venv/bin/python scripts/transcripts.py
