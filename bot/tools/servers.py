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
    processes: Optional[_Processes] = None  # to kill and restart a server

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


class _Processes:
    """The servers of one test deployment, each in its own process group with its own log."""

    def __init__(self, log_dir: Path, env: Dict[str, str], cwd: Path) -> None:
        self.log_dir, self.env, self.cwd = log_dir, env, cwd
        self.by_name: Dict[str, subprocess.Popen] = {}
        self.commands: Dict[str, List[str]] = {}

    def start(self, name: str, args: List[str]) -> None:
        log = open(self.log_dir / f"{name}.log", "a")
        self.commands[name] = args
        self.by_name[name] = subprocess.Popen(
            args, cwd=self.cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def restart(self, name: str, health_url: str) -> None:
        """Starts a killed server again, as a supervisor would, and waits until it answers."""
        self.start(name, self.commands[name])
        self.wait_until_up(health_url)

    def wait_until_up(self, url: str) -> None:
        _wait_until_up(url, list(self.by_name.values()), self.log_dir)

    def kill(self, name: str) -> None:
        """Kills a server at once, as a crash would."""
        process = self.by_name.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def pids(self) -> Dict[str, int]:
        return {name: process.pid for name, process in self.by_name.items()}

    def stop(self) -> None:
        _stop(list(self.by_name.values()))


def _actions_command(port: int) -> List[str]:
    return [str(VENV_BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(port)]


def _rasa_command(port: int, token: str, endpoints: Path) -> List[str]:
    return [
        str(VENV_BIN / "rasa"),
        "run",
        "--model",
        str(MODEL),
        "--port",
        str(port),
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
    ]


def _test_env(token: str, web_url: str, extra_env: Optional[Dict[str, str]]) -> Dict[str, str]:
    return {
        **os.environ,
        **WECHAT,
        "PYTHONPATH": str(ROOT),
        "RASA_TOKEN": token,
        "STAFF_USER": STAFF[0],
        "STAFF_PASSWORD": STAFF[1],
        "ASSISTANT_PUBLIC_URL": web_url,
        **(extra_env or {}),
    }


def _write_endpoints(log_dir: Path, actions_port: int, stores: str) -> Path:
    endpoints = log_dir / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n' + stores)
    return endpoints


@contextlib.contextmanager
def running_assistant(
    extra_endpoints: str = "", extra_env: Optional[Dict[str, str]] = None, cwd: Path = ROOT
) -> Iterator[Assistant]:
    """The action server, the Rasa server and the web pages up for the duration
    of the block; stopped even when it fails."""
    rasa_port, actions_port, web_port = free_port(), free_port(), free_port()
    token = uuid.uuid4().hex
    web_url = f"http://127.0.0.1:{web_port}"
    rasa_url = f"http://127.0.0.1:{rasa_port}"
    with tempfile.TemporaryDirectory(prefix="assistant-") as tmp:
        log_dir = Path(tmp)
        # Conversations in SQLite, as in a single-machine deployment: the staff queue reads them.
        store = f'tracker_store:\n  type: bot.stores.ProjectTrackerStore\n  db: "{log_dir / "conversations.db"}"\n'
        endpoints = _write_endpoints(log_dir, actions_port, extra_endpoints or store)
        processes = _Processes(log_dir, _test_env(token, web_url, extra_env), cwd)
        try:
            processes.start("actions", _actions_command(actions_port))
            processes.start("rasa", _rasa_command(rasa_port, token, endpoints))
            web = ["--host", "127.0.0.1", "--port", str(web_port), "--rasa-url", rasa_url]
            web += ["--rasa-port", str(rasa_port), "--endpoints", str(endpoints)]
            processes.start("web", [str(VENV_BIN / "python"), "-m", "bot.web.app", *web])
            processes.wait_until_up(f"http://127.0.0.1:{actions_port}/health")
            processes.wait_until_up(f"{rasa_url}/")
            processes.wait_until_up(f"{web_url}/health")
            yield Assistant(rasa_url, log_dir, token, web_url, processes.pids(), processes)
        finally:
            processes.stop()


@dataclass
class Cluster(Assistant):
    """Several Rasa servers behind nginx, one action server, shared stores."""

    instances: List[str] = field(default_factory=list)  # each Rasa server's own URL

    def kill_instance(self, index: int) -> None:
        assert self.processes is not None
        self.processes.kill(f"rasa-{index}")


@contextlib.contextmanager
def running_cluster(stores: str, extra_env: Dict[str, str], instances: int = 2) -> Iterator[Cluster]:
    """The production layout on one machine: `instances` Rasa servers behind
    nginx (round robin), one action server, the stores `stores` names."""
    from bot.tools import nginx

    actions_port, front_port = free_port(), free_port()
    ports = [free_port() for _ in range(instances)]
    token = uuid.uuid4().hex
    with tempfile.TemporaryDirectory(prefix="cluster-") as tmp:
        log_dir = Path(tmp)
        endpoints = _write_endpoints(log_dir, actions_port, stores)
        processes = _Processes(log_dir, _test_env(token, "", extra_env), ROOT)
        try:
            processes.start("actions", _actions_command(actions_port))
            for index, port in enumerate(ports):
                processes.start(f"rasa-{index}", _rasa_command(port, token, endpoints))
            processes.start("nginx", nginx.command(log_dir, front_port, ports))
            processes.wait_until_up(f"http://127.0.0.1:{actions_port}/health")
            urls = [f"http://127.0.0.1:{port}" for port in ports]
            for url in urls:
                processes.wait_until_up(f"{url}/")
            front = f"http://127.0.0.1:{front_port}"
            processes.wait_until_up(f"{front}/")
            yield Cluster(front, log_dir, token, pids=processes.pids(), processes=processes, instances=urls)
        finally:
            processes.stop()
