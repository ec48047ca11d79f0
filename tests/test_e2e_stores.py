"""End to end: where conversations are kept. The project's SQLite file from
any directory and across a restart; PostgreSQL with a Redis lock store; a
store that cannot be reached stops the server at start, loudly."""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from bench.lock_race import stored_events
from bot.tools.local_services import POSTGRES_URL, ensure_postgresql, ensure_redis
from bot.tools.servers import running_assistant

pytestmark = pytest.mark.e2e


def texts(replies) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def store_endpoints(db: Path) -> str:
    return f'tracker_store:\n  type: bot.stores.ProjectTrackerStore\n  db: "{db}"\nlock_store:\n  type: bot.stores.ProjectLockStore\n'


def test_conversations_survive_a_restart_from_another_directory(tmp_path: Path, kb):
    db, sender = tmp_path / "conversations.db", f"restart-{uuid.uuid4().hex[:8]}"
    with running_assistant(store_endpoints(db), cwd=tmp_path) as assistant:
        assistant.send("灵活就业参保登记需要什么材料", sender)
    with running_assistant(store_endpoints(db), cwd=Path("/")) as assistant:
        reply = texts(assistant.send("在哪办", sender))
        assert kb.get("flexible_employment_enrollment").name in reply  # the context came back
        assert assistant.tracker(sender)["slots"]["service"] == "flexible_employment_enrollment"


def test_a_long_conversation_keeps_its_context_and_every_turn(tmp_path: Path, kb):
    """A turn sees only the recent part of a long conversation (bot/recent_turns.py):
    what the first message settled still holds, and the store keeps every message."""
    sender = f"long-{uuid.uuid4().hex[:8]}"
    first = "多缴或重缴社会保险费退费,我是因为超过退休年龄还在交"
    follow_ups = ["要多久", "网上能办吗", "结果怎么通知", "要带什么材料"] * 3
    with running_assistant(store_endpoints(tmp_path / "conversations.db")) as assistant:
        assistant.send(first, sender)
        for text in follow_ups:
            reply = texts(assistant.send(text, sender))
        assert kb.get("contribution_refund").short_name in reply or kb.get("contribution_refund").name in reply
        tracker = assistant.tracker(sender)
        assert (tracker["slots"]["service"], tracker["slots"]["case"]) == ("contribution_refund", "over_retirement_age")
        said = [e["text"] for e in tracker["events"] if e["event"] == "user"]
        assert said == [first, *follow_ups]


def test_postgresql_tracker_store_with_redis_locks(tmp_path: Path):
    postgres, redis = ensure_postgresql(), ensure_redis()
    sender = f"pg-{uuid.uuid4().hex[:8]}"
    env = {"ASSISTANT_DATABASE_URL": postgres, "ASSISTANT_REDIS_URL": redis}
    with running_assistant(store_endpoints(tmp_path / "unused.db"), extra_env=env) as assistant:
        assistant.send("多缴的社保怎么退", sender)
        assistant.send("超过退休年龄还在交", sender)
        assert assistant.tracker(sender)["slots"]["service"] == "contribution_refund"
    engine = sa.create_engine(postgres)
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


PENSION = "pension_eligibility_certification"


def test_with_the_database_down_the_turn_gets_an_apology_and_the_conversation_comes_back(tmp_path: Path, kb):
    from bot.core import replies
    from bot.tools.tcp_proxy import CuttableProxy

    ensure_postgresql()
    database = CuttableProxy(("127.0.0.1", 5432))
    env = {"ASSISTANT_DATABASE_URL": f"postgresql://postgres@127.0.0.1:{database.port}/test"}
    sender = f"db-down-{uuid.uuid4().hex[:8]}"
    try:
        with running_assistant(store_endpoints(tmp_path / "unused.db"), extra_env=env) as assistant:
            assistant.send("养老待遇资格认证要什么材料", sender)
            assistant.send('/choose{"case":"living_abroad"}', sender)
            database.cut()
            for who in (sender, "someone-new"):
                reply = texts(assistant.send("要多久", who))
                assert "抱歉" in reply and replies.contact_lines(kb)[0] in reply
            database.restore()
            reply = texts(assistant.send("要多久", sender))
            assert "抱歉" not in reply and kb[PENSION].name in reply
            assert assistant.tracker(sender)["slots"]["case"] == "living_abroad"  # nothing forgotten
            assert "tracker store error 1 since start" in (assistant.log_dir / "rasa.log").read_text()
    finally:
        database.close()
    users = [e["text"] for e in stored_events(POSTGRES_URL, sender) if e["event"] == "user"]
    assert users == ["养老待遇资格认证要什么材料", '/choose{"case":"living_abroad"}', "要多久"]


def test_with_the_action_server_down_an_apology_and_once_back_the_conversation_goes_on(tmp_path: Path, kb):
    from bot.core import replies
    from tests.test_e2e_bad_input import Widget
    from tests.test_e2e_wechat import WeChat

    with running_assistant(store_endpoints(tmp_path / "c.db")) as assistant:
        sender = f"actions-back-{uuid.uuid4().hex[:8]}"
        assistant.send("养老待遇资格认证要什么材料", sender)
        port = assistant.processes.commands["actions"][-1]
        assistant.processes.kill("actions")
        reply = texts(assistant.send('/choose{"case":"living_abroad"}', sender))
        assert "抱歉" in reply and replies.contact_lines(kb)[0] in reply
        assert "抱歉" in texts(assistant.send("在哪办"))  # the server stays up and answers
        widget = Widget(assistant.url)  # the website's widget and WeChat are not left in silence either
        try:
            assert "抱歉" in "".join(widget.say({"message": "在哪办", "session_id": widget.session}))
        finally:
            widget.close()
        assert "抱歉" in WeChat(assistant.url).say(f"o{uuid.uuid4().hex[:27]}", "在哪办")
        assistant.processes.restart("actions", f"http://127.0.0.1:{port}/health")
        reply = texts(assistant.send('/choose{"case":"living_abroad"}', sender))
        assert "抱歉" not in reply and kb[PENSION].name in reply
