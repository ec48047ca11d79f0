#!/usr/bin/env bash
# Sets up, trains if needed, and runs the assistant: action server + Rasa
# server (REST channel). Stops both on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

RASA_PORT="${RASA_PORT:-5005}"
ACTIONS_PORT="${ACTIONS_PORT:-5055}"

./scripts/setup.sh
.venv/bin/python -m bot.tools.nlu_data --check >/dev/null || .venv/bin/python -m bot.tools.nlu_data
.venv/bin/python scripts/ensure_model.py

mkdir -p .run
export PYTHONPATH="$PWD"
sed "s#localhost:5055#localhost:${ACTIONS_PORT}#" endpoints.yml > .run/endpoints.yml

is_up() {
  .venv/bin/python -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$1" 2>/dev/null
}

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

.venv/bin/rasa run actions --actions actions --port "$ACTIONS_PORT" > .run/actions.log 2>&1 &
pids+=($!)
.venv/bin/rasa run --model models/assistant.tar.gz --port "$RASA_PORT" \
  --endpoints .run/endpoints.yml --credentials credentials.yml --cors "*" > .run/rasa.log 2>&1 &
pids+=($!)

echo "Starting the action server and Rasa (logs in .run/)…"
for _ in $(seq 1 180); do
  if is_up "http://localhost:${RASA_PORT}/" && is_up "http://localhost:${ACTIONS_PORT}/health"; then
    cat <<MSG

The assistant is running.
  REST:   POST http://localhost:${RASA_PORT}/webhooks/rest/webhook
          curl -s -H 'Content-Type: application/json' -d '{"sender":"u1","message":"企业社会保险登记需要什么材料"}' http://localhost:${RASA_PORT}/webhooks/rest/webhook
Press Ctrl-C to stop.
MSG
    wait -n "${pids[@]}"
    echo "A server stopped; see .run/rasa.log and .run/actions.log" >&2
    exit 1
  fi
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "A server failed to start; see .run/rasa.log and .run/actions.log" >&2; exit 1; }
  done
  sleep 1
done
echo "The servers did not come up within 3 minutes; see .run/*.log" >&2
exit 1
