"""Where conversations are kept: one rule for the Rasa server and the staff pages.

By default a SQLite file of the project (`.run/conversations.db`, relative to
the project whatever directory a process starts in). With
ASSISTANT_DATABASE_URL set (e.g. postgresql://rasa@db.internal:5432/rasa) the
tracker store is that database: the layout for several Rasa servers.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional

import sqlalchemy as sa

from bot.paths import ROOT

DATABASE_URL_VARIABLE = "ASSISTANT_DATABASE_URL"
DEFAULT_SQLITE = ".run/conversations.db"


def database_url(sqlite_db: Optional[str] = None) -> sa.engine.URL:
    """The tracker store's database: the environment's, else the SQLite file."""
    configured = os.environ.get(DATABASE_URL_VARIABLE)
    if configured:
        return sa.engine.make_url(configured)
    path = Path(sqlite_db or DEFAULT_SQLITE)
    path = path if path.is_absolute() else ROOT / path
    path.parent.mkdir(parents=True, exist_ok=True)
    return sa.engine.make_url(f"sqlite:///{path}")


def conversation_engine(url: sa.engine.URL, **options: Any) -> sa.engine.Engine:
    """The tracker store's engine; a connection the database dropped while it
    was down is replaced on its next use (pre-ping).

    SQLite keeps its connections open (SQLAlchemy 1.4 otherwise opens the file
    anew for every session) and writes ahead, synced at checkpoints: a turn's
    commit appends to the log instead of syncing the file, and the staff pages
    read while Rasa writes (bench/turn_parts.py measures it). A committed turn
    survives a crash or restart of the process; only a power cut may lose the
    last ones. Rasa's store uses its connections from one thread at a time."""
    if url.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True, **options)
    engine = sa.create_engine(
        url,
        pool_pre_ping=True,
        poolclass=sa.pool.QueuePool,
        connect_args={"check_same_thread": False},
        **options,
    )

    @sa.event.listens_for(engine, "connect")
    def _write_ahead(connection: Any, _: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def check_reachable(url: sa.engine.URL, seconds: int = 5) -> None:
    """Raises a clear error when the database cannot be reached (Rasa's own
    store would retry for ever, or fall back to forgetting conversations)."""
    connect_args = {"connect_timeout": seconds} if url.get_backend_name() == "postgresql" else {}
    engine = sa.create_engine(url, connect_args=connect_args)
    try:
        with engine.connect():
            pass
    except sa.exc.SQLAlchemyError as error:
        shown = url.render_as_string(hide_password=True)
        raise RuntimeError(f"the conversation database {shown} cannot be reached: {error}") from error
    finally:
        engine.dispose()
