#!/usr/bin/env bash
# Sets up, trains if needed, and runs the assistant: the action server, the
# Rasa server (REST, socket.io for the web widget, WeChat) and the web pages
# (chat page, checklists, staff console). Stops all on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

RASA_PORT="${RASA_PORT:-5005}"
ACTIONS_PORT="${ACTIONS_PORT:-5055}"
WEB_PORT="${WEB_PORT:-8080}"
random_secret() { .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(12))'; }

./scripts/setup.sh
.venv/bin/python -m bot.tools.nlu_data --check >/dev/null || .venv/bin/python -m bot.tools.nlu_data
.venv/bin/python scripts/ensure_model.py

mkdir -p .run
export PYTHONPATH="$PWD"
sed "s#localhost:5055#localhost:${ACTIONS_PORT}#" endpoints.yml > .run/endpoints.yml
# Secrets come from the deployment; a local run makes up its own.
export RASA_TOKEN="${RASA_TOKEN:-$(random_secret)}"
export STAFF_USER="${STAFF_USER:-staff}"
export STAFF_PASSWORD="${STAFF_PASSWORD:-$(random_secret)}"
export WECHAT_TOKEN="${WECHAT_TOKEN:-$(random_secret)}"
export ASSISTANT_PUBLIC_URL="${ASSISTANT_PUBLIC_URL:-http://localhost:${WEB_PORT}}"

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
.venv/bin/rasa run --model models/assistant.tar.gz --port "$RASA_PORT" --enable-api --auth-token "$RASA_TOKEN" \
  --endpoints .run/endpoints.yml --credentials credentials.yml --cors "*" > .run/rasa.log 2>&1 &
pids+=($!)
.venv/bin/python -m bot.web.app --port "$WEB_PORT" --rasa-url "http://localhost:${RASA_PORT}" \
  --rasa-port "$RASA_PORT" --endpoints .run/endpoints.yml > .run/web.log 2>&1 &
pids+=($!)

echo "Starting the action server, Rasa and the web pages (logs in .run/)…"
for _ in $(seq 1 180); do
  if is_up "http://localhost:${RASA_PORT}/" && is_up "http://localhost:${ACTIONS_PORT}/health" \
    && is_up "http://localhost:${WEB_PORT}/health"; then
    cat <<MSG

The assistant is running.
  Chat page:      http://localhost:${WEB_PORT}/
  Checklists:     http://localhost:${WEB_PORT}/checklist/<service>/<case>   (linked from every materials answer)
  Staff console:  http://localhost:${WEB_PORT}/staff   user ${STAFF_USER}, password ${STAFF_PASSWORD}
  WeChat:         http://localhost:${RASA_PORT}/webhooks/wechat/webhook   token ${WECHAT_TOKEN}$([ -n "${WECHAT_AES_KEY:-}" ] && echo ", safe mode on" || echo ", plain mode (set WECHAT_APP_ID and WECHAT_AES_KEY for safe mode)")
  REST:           POST http://localhost:${RASA_PORT}/webhooks/rest/webhook
                  curl -s -H 'Content-Type: application/json' -d '{"sender":"u1","message":"企业社会保险登记需要什么材料"}' http://localhost:${RASA_PORT}/webhooks/rest/webhook
Press Ctrl-C to stop.
MSG
    wait -n "${pids[@]}"
    echo "A server stopped; see .run/rasa.log, .run/actions.log and .run/web.log" >&2
    exit 1
  fi
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "A server failed to start; see .run/*.log" >&2; exit 1; }
  done
  sleep 1
done
echo "The servers did not come up within 3 minutes; see .run/*.log" >&2
exit 1
