#!/usr/bin/env bash
# Sets up and runs every test: lint and type checks, knowledge base, bot/, actions, data validation,
# training (reused while the data is unchanged) and end-to-end conversations
# against real Rasa servers.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --dev
make --no-print-directory lint
export PYTHONPATH="$PWD"
exec .venv/bin/python -m pytest "$@"
