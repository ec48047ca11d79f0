"""The conversation database's connection settings, without Rasa."""

import sqlalchemy as sa

from bot.database import conversation_engine


def test_sqlite_keeps_its_connection_and_commits_to_a_write_ahead_log(tmp_path):
    engine = conversation_engine(sa.engine.make_url(f"sqlite:///{tmp_path / 'c.db'}"))
    with engine.begin() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        connection.exec_driver_sql("CREATE TABLE events (data TEXT)")
        connection.exec_driver_sql("INSERT INTO events VALUES ('turn')")
    # The connection waits for the next turn instead of being closed.
    assert engine.pool.checkedin() == 1
    # Another process's engine (the staff pages) reads what was committed.
    reader = sa.create_engine(f"sqlite:///{tmp_path / 'c.db'}")
    with reader.connect() as connection:
        assert connection.exec_driver_sql("SELECT data FROM events").scalars().all() == ["turn"]
