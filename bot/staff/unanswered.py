"""What people asked that the assistant could not answer, read from the
tracker store (SQLite or PostgreSQL), grouped by similar wording.

    make report-unanswered                       # the project's store
    PYTHONPATH=. .venv/bin/python -m bot.staff.unanswered --csv report.csv
    … --replay http://localhost:5005 --token $RASA_TOKEN   # asks each again

After a curator's fix (an alias, a case phrasing, a life event in the
knowledge base), `--replay` sends each listed wording to the running
assistant in a new conversation and says which are answered now.

A user message is listed when its turn ended in the fallback, in "not in the
guide", in a service the guide does not have, or in a clarifying question the
user never answered; and the question whose answer was rated 没用.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence

import requests
import sqlalchemy as sa

from bot.core import wording
from bot.paths import ROOT
from bot.staff.queue import store_url
from bot.text import compact

FALLBACK, OUT_OF_SCOPE, NOT_FOUND, UNANSWERED_QUESTION, USELESS = (
    "未能理解",
    "超出指南范围",
    "指南中没有该业务",
    "追问无人回答",
    "回答被评为没用",
)
# Messages whose character pairs overlap this much are one wording.
SAME_WORDING = 0.5


@dataclass
class Item:
    text: str
    reason: str
    sender_id: str
    at: float


@dataclass
class Group:
    text: str  # the first wording seen
    items: List[Item] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def reasons(self) -> List[str]:
        return sorted({item.reason for item in self.items})

    @property
    def first(self) -> str:
        return _day(min(item.at for item in self.items))

    @property
    def last(self) -> str:
        return _day(max(item.at for item in self.items))

    @property
    def conversations(self) -> List[str]:
        return list(dict.fromkeys(item.sender_id for item in self.items))


def _day(timestamp: float) -> str:
    return datetime.datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d")


@dataclass
class _Turn:
    text: str
    at: float
    intent: str = ""
    actions: List[str] = field(default_factory=list)
    bot_texts: List[str] = field(default_factory=list)
    rating: Optional[str] = None
    asking: bool = False  # the turn ended with the form asking for a detail


def _turns(events: Iterable[Dict]) -> List[_Turn]:
    turns: List[_Turn] = []
    for event in events:
        kind = event.get("event")
        if kind == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name") or ""
            turns.append(_Turn(str(event.get("text") or ""), float(event.get("timestamp") or 0), intent))
        elif not turns:
            continue
        elif kind == "action" and event.get("name") != "action_listen":
            turns[-1].actions.append(str(event.get("name")))
        elif kind == "bot":
            turns[-1].bot_texts.append(str(event.get("text") or ""))
        elif kind == "slot" and event.get("name") == "rating":
            turns[-1].rating = str(event.get("value"))
        elif kind == "slot" and event.get("name") == "requested_slot":
            turns[-1].asking = event.get("value") is not None
    return turns


def unanswered_in(sender_id: str, events: Sequence[Dict]) -> List[Item]:
    """The messages of one conversation that were not answered, with why."""
    turns, found = _turns(events), []
    for index, turn in enumerate(turns):
        reason = None
        if turn.rating == "useless":
            asked = next((t for t in reversed(turns[:index]) if t.intent != "rate_answer"), None)
            if asked is not None:
                found.append(Item(asked.text, USELESS, sender_id, turn.at))
            continue
        if "action_fallback" in turn.actions or turn.intent == "nlu_fallback":
            reason = FALLBACK
        elif "action_out_of_scope" in turn.actions:
            reason = OUT_OF_SCOPE
        elif any(text.startswith(wording.NOT_FOUND) for text in turn.bot_texts):
            reason = NOT_FOUND
        elif index == len(turns) - 1 and turn.asking:
            reason = UNANSWERED_QUESTION
        if reason:
            found.append(Item(turn.text, reason, sender_id, turn.at))
    return found


def _pairs(text: str) -> set:
    key = compact(text)
    return {key[i : i + 2] for i in range(len(key) - 1)} or {key}


def group(items: Iterable[Item]) -> List[Group]:
    """Items with similar wording together, the largest groups first."""
    groups: List[tuple] = []  # (pairs of the group's first text, Group)
    for item in items:
        pairs = _pairs(item.text)
        for first_pairs, existing in groups:
            if len(pairs & first_pairs) / len(pairs | first_pairs) >= SAME_WORDING:
                existing.items.append(item)
                break
        else:
            groups.append((pairs, Group(item.text, [item])))
    return sorted((g for _, g in groups), key=lambda g: (-g.count, g.text))


def report(engine: sa.engine.Engine) -> List[Group]:
    """The grouped report of every conversation in the tracker store."""
    if not sa.inspect(engine).has_table("events"):
        return []
    conversations: Dict[str, List[Dict]] = {}
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT sender_id, data FROM events WHERE type_name IN ('user', 'bot', 'action', 'slot') ORDER BY id"
            )
        )
        for sender_id, data in rows:
            conversations.setdefault(sender_id, []).append(json.loads(data))
    items = [item for sender, events in conversations.items() for item in unanswered_in(sender, events)]
    return group(items)


def replay(rasa_url: str, token: str, text: str) -> List[Item]:
    """Asks `text` again in a new conversation; what is still unanswered (empty: answered now)."""
    sender = f"replay-{uuid.uuid4().hex}"
    requests.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60)
    tracker = requests.get(f"{rasa_url}/conversations/{sender}/tracker", params={"token": token}, timeout=60)
    tracker.raise_for_status()
    return unanswered_in(sender, tracker.json()["events"])


def replay_verdict(reasons: set) -> str:
    """What asking again showed. A question asked back means the service was
    found: on a replay nobody is there to answer it."""
    if not reasons:
        return "已能回答"
    if reasons == {UNANSWERED_QUESTION}:
        return "已识别业务，追问情况"
    return "、".join(sorted(reasons))


CSV_COLUMNS = ["次数", "问法", "原因", "首次", "最近", "对话"]


def as_csv(groups: Sequence[Group]) -> str:
    """One row per group, for a spreadsheet (UTF-8 with a BOM, which Excel needs)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for g in groups:
        wordings = " | ".join(dict.fromkeys(item.text for item in g.items))
        writer.writerow([g.count, wordings, "、".join(g.reasons), g.first, g.last, " ".join(g.conversations)])
    return "\ufeff" + out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoints", type=Path, default=ROOT / "endpoints.yml")
    parser.add_argument("--csv", type=Path, help="also write the report to this CSV file")
    parser.add_argument("--replay", metavar="RASA_URL", help="ask each wording again on this Rasa server")
    parser.add_argument("--token", default="", help="the Rasa server's --auth-token (for --replay)")
    args = parser.parse_args()
    url = store_url(args.endpoints)
    if url is None:
        raise SystemExit("endpoints.yml names no SQL tracker store of the project")
    engine = sa.create_engine(url)
    try:
        groups = report(engine)
    finally:
        engine.dispose()
    if not groups:
        print("没有未能回答的问题。")
    for g in groups:
        now = ""
        if args.replay:
            still = {item.reason for item in replay(args.replay.rstrip("/"), args.token, g.text)}
            now = "  → 重放：" + replay_verdict(still)
        print(f"{g.count:>4}  {g.first}–{g.last}  {'、'.join(g.reasons)}  {g.text}{now}")
        for item in g.items[1:4]:
            print(f"        {item.text}")
    if args.csv:
        args.csv.write_text(as_csv(groups), encoding="utf-8")
        print(f"CSV: {args.csv}")


if __name__ == "__main__":
    main()
