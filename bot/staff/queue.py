"""Conversations that asked for a person, read from Rasa's SQL tracker store.

The `handoff` slot marks them (action_handoff sets it); staff see each with
its transcript and the code the citizen was given to quote on the phone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import sqlalchemy as sa
import yaml

from bot.core.handoff_code import conversation_code
from bot.database import database_url

# The newest conversations first; older ones are in the tracker store.
QUEUE_LENGTH = 50
# The project's tracker store (bot/stores.py), as endpoints.yml names it.
PROJECT_STORE = "bot.stores.ProjectTrackerStore"


@dataclass
class Turn:
    speaker: str  # "user" or "bot"
    text: str


@dataclass
class Handoff:
    sender_id: str
    code: str
    asked_at: float
    service: Optional[str] = None
    transcript: List[Turn] = field(default_factory=list)


def store_url(endpoints: Path) -> Optional[str]:
    """The SQLAlchemy URL of the project's tracker store that endpoints.yml
    configures (bot/stores.py), or None for any other store."""
    config = (yaml.safe_load(endpoints.read_text(encoding="utf-8")) or {}).get("tracker_store") or {}
    if config.get("type") != PROJECT_STORE:
        return None
    return database_url(config.get("db")).render_as_string(hide_password=False)


def _text(row_data: str) -> str:
    data = json.loads(row_data)
    return str(data.get("text") or "")


def _transcript(connection: sa.engine.Connection, sender_id: str) -> Tuple[List[Turn], Optional[str]]:
    """What the user and the assistant said, and the last service discussed."""
    rows = connection.execute(
        sa.text(
            "SELECT type_name, data FROM events WHERE sender_id = :sender "
            "AND type_name IN ('user', 'bot', 'slot') ORDER BY id"
        ),
        {"sender": sender_id},
    ).fetchall()
    turns, service = [], None
    for type_name, data in rows:
        if type_name == "slot":
            slot: Dict = json.loads(data)
            if slot.get("name") == "service" and slot.get("value"):
                service = str(slot["value"])
            continue
        text = _text(data)
        if text:
            turns.append(Turn(type_name, text))
    return turns, service


def transcript(engine: sa.engine.Engine, sender_id: str) -> List[Turn]:
    """One conversation as staff read it; empty when there is none."""
    if not sa.inspect(engine).has_table("events"):
        return []
    with engine.connect() as connection:
        return _transcript(connection, sender_id)[0]


def handoffs(engine: sa.engine.Engine) -> List[Handoff]:
    """The conversations that asked for a person, newest first, with their transcripts."""
    if not sa.inspect(engine).has_table("events"):
        return []  # no conversation yet
    with engine.connect() as connection:
        asked = connection.execute(
            sa.text(
                "SELECT sender_id, MAX(timestamp) AS at FROM events "
                "WHERE type_name = 'slot' AND data LIKE :handoff "
                "GROUP BY sender_id ORDER BY at DESC LIMIT :limit"
            ),
            {"handoff": '%"name": "handoff", "value": true%', "limit": QUEUE_LENGTH},
        ).fetchall()
        found = []
        for sender_id, at in asked:
            turns, service = _transcript(connection, sender_id)
            found.append(Handoff(sender_id, conversation_code(sender_id), at, service, turns))
    return found
