"""End to end: where conversations are kept. The project's SQLite file from
any directory and across a restart; PostgreSQL with a Redis lock store; a
store that cannot be reached stops the server at start, loudly."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.tools.servers import running_assistant

pytestmark = pytest.mark.e2e

POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379/1"


def texts(replies) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def store_endpoints(db: Path) -> str:
    return f'tracker_store:\n  type: bot.stores.ProjectTrackerStore\n  db: "{db}"\nlock_store:\n  type: bot.stores.ProjectLockStore\n'


def ensure_service(command: str, probe: list, start: list) -> None:
    """Starts a local service a fresh machine may not be running (Debian's packages)."""
    if subprocess.run(probe, capture_output=True).returncode == 0:
        return
    if shutil.which(command) is None:
        pytest.fail(f"{command} is not installed; the development machines and CI run it")
    subprocess.run(start, capture_output=True)


def test_conversations_survive_a_restart_from_another_directory(tmp_path: Path, kb):
    db, sender = tmp_path / "conversations.db", f"restart-{uuid.uuid4().hex[:8]}"
    with running_assistant(store_endpoints(db), cwd=tmp_path) as assistant:
        assistant.send("灵活就业参保登记需要什么材料", sender)
    with running_assistant(store_endpoints(db), cwd=Path("/")) as assistant:
        reply = texts(assistant.send("在哪办", sender))
        assert kb.get("flexible_employment_enrollment").name in reply  # the context came back
        assert assistant.tracker(sender)["slots"]["service"] == "flexible_employment_enrollment"


def test_postgresql_tracker_store_with_redis_locks(tmp_path: Path):
    ensure_service(
        "pg_ctlcluster",
        ["pg_isready", "-h", "127.0.0.1"],
        ["bash", "-c", "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"],
    )
    ensure_service(
        "redis-server",
        ["redis-cli", "-h", "127.0.0.1", "ping"],
        ["redis-server", "--daemonize", "yes", "--save", "", "--appendonly", "no"],
    )
    sender = f"pg-{uuid.uuid4().hex[:8]}"
    env = {"ASSISTANT_DATABASE_URL": POSTGRES, "ASSISTANT_REDIS_URL": REDIS}
    with running_assistant(store_endpoints(tmp_path / "unused.db"), extra_env=env) as assistant:
        assistant.send("多缴的社保怎么退", sender)
        assistant.send("超过退休年龄还在交", sender)
        assert assistant.tracker(sender)["slots"]["service"] == "contribution_refund"
    engine = sa.create_engine(POSTGRES)
    with engine.connect() as connection:
        users = connection.execute(
            sa.text("SELECT COUNT(*) FROM events WHERE sender_id = :s AND type_name = 'user'"), {"s": sender}
        ).scalar()
    assert users == 2
    assert not (tmp_path / "unused.db").exists()


def test_an_unreachable_database_stops_the_server_at_start(tmp_path: Path):
    env = {"ASSISTANT_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
    with pytest.raises(RuntimeError) as failed, contextlib.ExitStack() as stack:
        stack.enter_context(running_assistant(store_endpoints(tmp_path / "x.db"), extra_env=env))
    assert "cannot be reached" in str(failed.value)


def test_a_relative_sqlite_path_is_the_projects_whatever_the_directory(tmp_path: Path, monkeypatch):
    from bot.database import database_url
    from bot.paths import ROOT

    monkeypatch.delenv("ASSISTANT_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    assert database_url(".run/conversations.db").database == str(ROOT / ".run" / "conversations.db")
    assert os.getcwd() == str(tmp_path)


def test_with_the_action_server_down_the_user_gets_an_apology_with_the_phones(tmp_path: Path, kb):
    import signal

    from bot.core import replies

    with running_assistant(store_endpoints(tmp_path / "c.db")) as assistant:
        os.killpg(assistant.pids["actions"], signal.SIGTERM)
        reply = texts(assistant.send("企业社会保险登记需要什么材料"))
        assert "抱歉" in reply and replies.contact_lines(kb)[0] in reply
        assert "抱歉" in texts(assistant.send("在哪办"))  # the server stays up and answers
