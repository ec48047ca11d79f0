"""The tracker store and lock store the Rasa server builds from endpoints.yml.

    tracker_store: {type: bot.stores.ProjectTrackerStore, db: .run/conversations.db}
    lock_store:    {type: bot.stores.ProjectLockStore}

The same endpoints.yml serves one machine and many: ASSISTANT_DATABASE_URL
(bot/database.py) points the tracker store at PostgreSQL, ASSISTANT_REDIS_URL
(e.g. redis://redis.internal:6379/1) gives the servers a shared Redis lock
store. A store that cannot be reached stops the server at start with a clear
error instead of a silent in-memory fallback.
"""

from __future__ import annotations

import os
from typing import Any, Optional
from urllib.parse import urlparse

from rasa.core.brokers.broker import EventBroker
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from redis.exceptions import RedisError  # type: ignore[import-untyped]

from bot.database import check_reachable, database_url

REDIS_URL_VARIABLE = "ASSISTANT_REDIS_URL"


class ProjectTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store on the database bot/database.py chooses."""

    def __init__(
        self,
        domain: Optional[Domain] = None,
        event_broker: Optional[EventBroker] = None,
        db: Optional[str] = None,
        **_: Any,
    ) -> None:
        url = database_url(db)
        check_reachable(url)
        super().__init__(
            domain,
            dialect=url.drivername,
            host=url.host,
            port=url.port,
            db=url.database,
            username=url.username,
            password=url.password,
            event_broker=event_broker,
        )


class ProjectLockStore:
    """Rasa asks endpoints.yml for a class: this one builds the lock store the
    environment asks for (Redis, or one process's memory)."""

    def __new__(cls, **_: Any) -> LockStore:  # type: ignore[misc]
        return lock_store()


def lock_store() -> LockStore:
    configured = os.environ.get(REDIS_URL_VARIABLE)
    if not configured:
        return InMemoryLockStore()  # one Rasa server: its own locks suffice
    url = urlparse(configured)
    store = RedisLockStore(
        host=url.hostname or "localhost",
        port=url.port or 6379,
        db=int(url.path.lstrip("/") or 1),
        password=url.password,
    )
    try:
        store.red.ping()
    except RedisError as error:
        raise RuntimeError(f"the Redis lock store {url.hostname}:{url.port} cannot be reached: {error}") from error
    return store
