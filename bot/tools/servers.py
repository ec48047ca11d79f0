"""Starts the action server, a Rasa server and the web pages on free local ports for tests."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import requests

from bot.paths import ROOT

VENV_BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "assistant.tar.gz"
STARTUP_SECONDS = 240


def ensure_model() -> None:
    """Trains once; later runs reuse the model while its inputs are unchanged."""
    # Its progress goes to stderr, so that scripts can print their own output alone.
    subprocess.run([sys.executable, str(ROOT / "scripts" / "ensure_model.py")], cwd=ROOT, check=True, stdout=sys.stderr)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The test deployment's secrets: a WeChat account (its EncodingAESKey is 43
# characters) and a staff login.
WECHAT = {"WECHAT_TOKEN": "test-token", "WECHAT_APP_ID": "wx0123456789abcdef", "WECHAT_AES_KEY": "k" * 43}
STAFF = ("staff", "test-staff-password")


@dataclass
class Assistant:
    url: str
    log_dir: Path
    token: str
    web_url: str = ""
    pids: Dict[str, int] = field(default_factory=dict)  # process name → pid (for memory figures)

    def tracker(self, sender: str) -> Dict:
        """The conversation as the Rasa server holds it (HTTP API, token-protected)."""
        response = requests.get(f"{self.url}/conversations/{sender}/tracker", params={"token": self.token}, timeout=30)
        response.raise_for_status()
        return response.json()

    def send(self, message: str, sender: str | None = None) -> List[Dict]:
        """Posts one message to the REST channel and returns the bot's replies."""
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook",
            json={"sender": sender or uuid.uuid4().hex, "message": message},
            timeout=60,
        )
        response.raise_for_status()
        return response.json()

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(self.log_dir.glob("*.log")))


def _wait_until_up(url: str, processes: List[subprocess.Popen], log_dir: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                logs = "\n".join(p.read_text(errors="replace")[-3000:] for p in log_dir.glob("*.log"))
                raise RuntimeError(f"a server exited during start-up:\n{logs}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=2).ok:
                return
        time.sleep(1)
    raise RuntimeError(f"{url} did not come up within {STARTUP_SECONDS} s")


def _stop(processes: List[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextlib.contextmanager
def running_assistant(
    extra_endpoints: str = "", extra_env: Optional[Dict[str, str]] = None, cwd: Path = ROOT
) -> Iterator[Assistant]:
    """The action server, the Rasa server and the web pages up for the duration
    of the block; stopped even when it fails."""
    rasa_port, actions_port, web_port = free_port(), free_port(), free_port()
    token = uuid.uuid4().hex
    web_url = f"http://127.0.0.1:{web_port}"
    with tempfile.TemporaryDirectory(prefix="assistant-") as tmp:
        log_dir = Path(tmp)
        endpoints = log_dir / "endpoints.yml"
        # Conversations in SQLite, as in a single-machine deployment: the staff queue reads them.
        store = f'tracker_store:\n  type: bot.stores.ProjectTrackerStore\n  db: "{log_dir / "conversations.db"}"\n'
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n' + (extra_endpoints or store)
        )
        env = {
            **os.environ,
            **WECHAT,
            "PYTHONPATH": str(ROOT),
            "RASA_TOKEN": token,
            "STAFF_USER": STAFF[0],
            "STAFF_PASSWORD": STAFF[1],
            "ASSISTANT_PUBLIC_URL": web_url,
            **(extra_env or {}),
        }
        processes: List[subprocess.Popen] = []

        def start(name: str, args: List[str]) -> None:
            log = open(log_dir / f"{name}.log", "w")
            processes.append(
                subprocess.Popen(args, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            )

        try:
            start(
                "actions",
                [str(VENV_BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(actions_port)],
            )
            start(
                "rasa",
                [
                    str(VENV_BIN / "rasa"),
                    "run",
                    "--model",
                    str(MODEL),
                    "--port",
                    str(rasa_port),
                    "--interface",
                    "127.0.0.1",
                    "--enable-api",
                    "--auth-token",
                    token,
                    "--endpoints",
                    str(endpoints),
                    "--credentials",
                    str(ROOT / "credentials.yml"),
                    # The chat page is served from another port (as by the run command).
                    "--cors",
                    "*",
                ],
            )
            rasa_url = f"http://127.0.0.1:{rasa_port}"
            start(
                "web",
                [
                    str(VENV_BIN / "python"),
                    "-m",
                    "bot.web.app",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(web_port),
                    "--rasa-url",
                    rasa_url,
                    "--rasa-port",
                    str(rasa_port),
                    "--endpoints",
                    str(endpoints),
                ],
            )
            _wait_until_up(f"http://127.0.0.1:{actions_port}/health", processes, log_dir)
            _wait_until_up(f"{rasa_url}/", processes, log_dir)
            _wait_until_up(f"{web_url}/health", processes, log_dir)
            pids = dict(zip(("actions", "rasa", "web"), (p.pid for p in processes), strict=False))
            yield Assistant(rasa_url, log_dir, token, web_url, pids)
        finally:
            _stop(processes)
