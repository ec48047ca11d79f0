#!/usr/bin/env bash
# Creates .venv with Python 3.10 and the pinned dependencies. Safe to rerun:
# it only reinstalls when requirements.lock changed.
set -euo pipefail
cd "$(dirname "$0")/.."

is_python310() {
  [ -n "$1" ] && [ -x "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null
}

find_python310() {
  local candidates=("${PYTHON:-}" "$(command -v python3.10 || true)")
  local pyenv_root
  pyenv_root="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"
  candidates+=("$pyenv_root"/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10)
  for candidate in "${candidates[@]}"; do
    if is_python310 "$candidate"; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! is_python310 .venv/bin/python; then
  if ! python=$(find_python310); then
    cat >&2 <<'MSG'
Python 3.10 was not found, and Rasa 3.6 needs it.
Install it, then run this command again, for example:
  pyenv install 3.10.13            (with pyenv; this script looks in $(pyenv root)/versions)
  sudo apt-get install python3.10 python3.10-venv   (Debian/Ubuntu with 3.10 packages)
or point to an interpreter:  PYTHON=/path/to/python3.10 make test
MSG
    exit 1
  fi
  echo "Creating .venv with $python"
  rm -rf .venv
  "$python" -m venv .venv
fi

# The chat widget's files (package-lock.json pins them); the web pages serve them.
if ! command -v npm >/dev/null; then
  echo "npm was not found: install Node.js (e.g. apt-get install nodejs npm), then run this again." >&2
  exit 1
fi
npm_stamp="node_modules/.package-lock.sha256"
npm_wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$npm_stamp" 2>/dev/null)" != "$npm_wanted" ]; then
  echo "Installing the chat widget (npm ci)…"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$npm_wanted" > "$npm_stamp"
fi

# --dev adds the test, lint and benchmark tools (requirements-dev.lock) and the
# browser the page tests drive (Debian's chromium; Playwright downloads none).
if [ "${1:-}" = "--dev" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing chromium for the browser tests…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2
    exit 1
  fi
fi

locks=(requirements.lock)
if [ "${1:-}" = "--dev" ]; then locks+=(requirements-dev.lock); fi
pip_ready=false
for lock in "${locks[@]}"; do
  stamp=".venv/.${lock}.sha256"
  wanted=$(sha256sum "$lock" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    echo "Installing pinned dependencies ($lock)…"
    $pip_ready || .venv/bin/python -m pip install --quiet --upgrade "pip==24.0"
    pip_ready=true
    .venv/bin/python -m pip install --quiet -r "$lock"
    echo "$wanted" > "$stamp"
  fi
done
