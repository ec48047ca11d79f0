"""Costs of parts of a turn that the project changed, old way against new.

    PYTHONPATH=. .venv/bin/python -m bench.turn_parts

Prints milliseconds per call of: checking an action-server reply (Rasa's
`jsonschema.validate`, a validator compiled once, the project's check by
event name); writing a turn's events to SQLite (SQLAlchemy's engine, which
opens the file for every session, and the project's, which keeps it open
and writes ahead); and TF-IDF rows of one message (sklearn's
`transform`, the project's `weighted`). No model or server is needed.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Callable

import jsonschema
import sqlalchemy as sa
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.action_replies import validate_reply
from bot.database import conversation_engine
from bot.paths import ROOT

# A reply like action_answer's: slots, the form closed, an answer with buttons.
REPLY = {
    "events": [{"event": "slot", "name": f"slot{n}", "value": "值", "timestamp": None} for n in range(8)]
    + [{"event": "active_loop", "name": None}],
    "responses": [{"text": "所需材料" * 60, "buttons": [{"title": "全部材料", "payload": "/more"}]}],
}
MESSAGE = "我爸退休好几年了 上周去世了 丧葬费和抚恤金怎么领"


def per_call_ms(call: Callable[[], object], times: int = 200) -> float:
    call()
    start = time.perf_counter()
    for _ in range(times):
        call()
    return (time.perf_counter() - start) / times * 1000


def reply_checks() -> None:
    schema = RemoteAction.action_response_format_spec()
    compiled = validator_for(schema)(schema)
    print("action-server reply check, ms a call:")
    print(f"  Rasa's jsonschema.validate        {per_call_ms(lambda: jsonschema.validate(REPLY, schema), 50):.2f}")
    print(f"  a validator compiled once         {per_call_ms(lambda: best_match(compiled.iter_errors(REPLY))):.2f}")
    print(f"  by event name (bot/action_replies) {per_call_ms(lambda: validate_reply(None, REPLY)):.2f}")  # type: ignore[arg-type]


def commits(folder: Path) -> None:
    rows = [{"data": "x" * 500} for _ in range(8)]  # a turn writes about eight events
    print("SQLite: a turn's events written and committed, ms:")
    for name, engine in (
        ("SQLAlchemy's engine (as Rasa's)", sa.create_engine(f"sqlite:///{folder / 'plain.db'}")),
        ("conversation_engine (bot/database)", conversation_engine(sa.engine.make_url(f"sqlite:///{folder / 'w.db'}"))),
    ):
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE events (id INTEGER PRIMARY KEY, data TEXT)")

        def commit(engine: sa.engine.Engine = engine) -> None:
            with engine.begin() as connection:
                connection.execute(sa.text("INSERT INTO events (data) VALUES (:data)"), rows)

        print(f"  {name:34s} {per_call_ms(commit):.2f}")


def weighting() -> None:
    from bot.nlu.text_classifier import weighted

    lines = [line for line in (ROOT / "knowledge" / "guide.txt").read_text(encoding="utf-8").splitlines() if line]
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True).fit(lines)
    idf = vectorizer.idf_
    print(f"TF-IDF rows of one message ({len(vectorizer.vocabulary_)} n-grams), ms:")
    print(f"  sklearn's transform               {per_call_ms(lambda: vectorizer.transform([MESSAGE])):.2f}")
    print(f"  weighted (bot/nlu/text_classifier) {per_call_ms(lambda: weighted(vectorizer, idf, [MESSAGE])):.2f}")


def main() -> int:
    print(f"SQLite {sqlite3.sqlite_version}")
    reply_checks()
    with tempfile.TemporaryDirectory() as folder:
        commits(Path(folder))
    weighting()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
