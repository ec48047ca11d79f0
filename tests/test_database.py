"""The conversation database's connection settings, without Rasa."""

import sqlalchemy as sa

from bot.database import write_ahead


def test_sqlite_commits_to_a_write_ahead_log(tmp_path):
    engine = write_ahead(sa.create_engine(f"sqlite:///{tmp_path / 'c.db'}"))
    with engine.begin() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        connection.exec_driver_sql("CREATE TABLE events (data TEXT)")
        connection.exec_driver_sql("INSERT INTO events VALUES ('turn')")
    # Another process's engine (the staff pages) reads what was committed.
    reader = sa.create_engine(f"sqlite:///{tmp_path / 'c.db'}")
    with reader.connect() as connection:
        assert connection.exec_driver_sql("SELECT data FROM events").scalars().all() == ["turn"]
