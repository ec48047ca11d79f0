"""The tracker store and lock store the Rasa server builds from endpoints.yml.

    tracker_store: {type: bot.stores.ProjectTrackerStore, db: .run/conversations.db}
    lock_store:    {type: bot.stores.ProjectLockStore}

The same endpoints.yml serves one machine and many: ASSISTANT_DATABASE_URL
(bot/database.py) points the tracker store at PostgreSQL, ASSISTANT_REDIS_URL
(e.g. redis://redis.internal:6379/1) gives the servers a shared Redis lock
store. A store that cannot be reached stops the server at start with a clear
error instead of a silent in-memory fallback.

Rasa's RedisLockStore changes a conversation's ticket lock by reading it,
changing it and writing it back: two servers that receive messages of one
conversation at the same moment can both take the same ticket and answer at
once (RasaHQ/rasa#9213; bench/lock_race.py measures it). AtomicRedisLockStore
makes every change one Redis transaction.

A turn loads only the recent part of its conversation (bot/recent_turns.py),
so that it costs the same at turn 50 as at turn 1: of the events before the
recent messages it reads only those the state still depends on, through an
index on (sender_id, id). It writes only its own events, in one statement,
and the database keeps every event of the conversation.

At run time Rasa wraps the tracker store in a FailSafeTrackerStore, which on
a database error answers from a fresh conversation and keeps it in memory:
the user's context silently gone. With this store configured, such an error
is logged and counted and the turn fails instead; the channels answer it
with an apology and the phones (bot/channels/silence.py), and the
conversation goes on from the database once it is back.

Building the store also makes the server check the action server's replies
with a schema compiled once (bot/action_replies.py) and keep its connections
to the action server open (bot/action_connections.py).
"""

from __future__ import annotations

import itertools
import json
import logging
import os
from typing import Any, Callable, Iterator, Optional, TypeVar
from urllib.parse import urlparse

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockError, LockStore, RedisLockStore
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SessionStarted, UserUttered, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from redis.exceptions import RedisError, WatchError  # type: ignore[import-untyped]

from bot.action_connections import keep_action_connections
from bot.action_replies import check_replies_with_compiled_schema
from bot.database import check_reachable, conversation_engine, database_url
from bot.recent_turns import OPENING_ACTION, RECENT_TURNS, RESET_EVENTS, STATE_EVENTS, recent_part

REDIS_URL_VARIABLE = "ASSISTANT_REDIS_URL"

Result = TypeVar("Result")

logger = logging.getLogger(__name__)


class StoreUnavailable(RuntimeError):
    """The conversation database failed during a turn."""


STORE_ERRORS = {"since_start": 0}  # counted, and logged with the count


def fail_the_turn(_: FailSafeTrackerStore, error: Exception) -> None:
    STORE_ERRORS["since_start"] += 1
    logger.error("tracker store error %d since start, the turn fails: %s", STORE_ERRORS["since_start"], error)
    raise StoreUnavailable(str(error)) from error


def refuse_memory_fallback() -> None:
    """Rasa's wrapper calls these on a store error; failing the turn replaces
    its in-memory fallback."""
    FailSafeTrackerStore.on_tracker_store_error = fail_the_turn  # type: ignore[method-assign]
    FailSafeTrackerStore.on_tracker_store_retrieve_error = fail_the_turn  # type: ignore[method-assign]


CONVERSATION_INDEX = "ix_events_sender_id_id"

# Set on a tracker loaded in part: how many of its events the database holds.
_SAVED_UP_TO = "_events_saved_up_to"


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
        self.engine = conversation_engine(url, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._index_conversations()
        # Every Rasa server of the project builds this store at start: the
        # place to adjust how it runs.
        refuse_memory_fallback()
        check_replies_with_compiled_schema()
        keep_action_connections()

    def _index_conversations(self) -> None:
        """An index on (sender_id, id): a turn asks for one conversation's
        newest events, and with Rasa's index on sender_id alone PostgreSQL
        walks the whole table backwards by id (turn 50 cost twice turn 1 on
        the two-server layout of bench/load.py)."""
        table = self.SQLEvent.__tablename__
        try:
            with self.engine.begin() as connection:
                connection.exec_driver_sql(
                    f"CREATE INDEX IF NOT EXISTS {CONVERSATION_INDEX} ON {table} (sender_id, id)"
                )
        except sa.exc.SQLAlchemyError as error:  # another server was creating it at the same moment
            logger.warning("the index %s was not created here: %s", CONVERSATION_INDEX, error)

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        """The conversation as a turn needs it: its recent part (bot/recent_turns.py)."""
        with self.session_scope() as session:
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions=False)
            cut = self._recent_cut(query)
            part = None
            if cut is not None:
                earlier = self._state_before(query, cut)
                part = recent_part(earlier, _events(query.filter(self.SQLEvent.id >= cut).all()))
            events = part or _events(query.all())
        if not self.domain or not events:
            return None
        tracker = DialogueStateTracker.from_events(sender_id, events, self.domain.slots)
        setattr(tracker, _SAVED_UP_TO, len(events))  # what save() must not write again
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's save, with the turn's events written in one statement
        instead of one ORM object each."""
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = [_row(tracker.sender_id, event) for event in self._additional_events(session, tracker)]
            if rows:
                session.execute(sa.insert(self.SQLEvent), rows)
            session.commit()

    def _state_before(self, query: Any, cut: int) -> list[dict[str, Any]]:
        """The stored events before `cut` that the state still depends on: the
        session's opening, and after the last reset the newest event of each
        slot and of each form. Replayed in order they leave the same slots
        and form as all of them, and they are a handful however long the
        conversation is."""
        event = self.SQLEvent
        before = query.filter(event.id < cut)
        newest_of_each = (
            before.order_by(None)
            .filter(event.type_name.in_(STATE_EVENTS))
            .group_by(event.type_name, event.action_name)
            .with_entities(sa.func.max(event.id), event.type_name)
            .all()
        )
        last_reset = max((newest for newest, kind in newest_of_each if kind in RESET_EVENTS), default=0)
        wanted = [newest for newest, _ in newest_of_each if newest >= last_reset]
        opening = sa.or_(event.action_name == OPENING_ACTION, event.type_name == SessionStarted.type_name)
        return [json.loads(row.data) for row in before.filter(sa.or_(event.id.in_(wanted), opening)).all()]

    def _recent_cut(self, query: Any) -> Optional[int]:
        """The id of the listen before the RECENT_TURNS-th last user message, if
        the conversation has that many."""
        newest_first = query.order_by(None).order_by(self.SQLEvent.id.desc())
        user = newest_first.filter(self.SQLEvent.type_name == UserUttered.type_name).offset(RECENT_TURNS - 1).first()
        if user is None:
            return None
        listen = newest_first.filter(
            self.SQLEvent.id < user.id, self.SQLEvent.action_name == ACTION_LISTEN_NAME
        ).first()
        return listen.id if listen else user.id

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """The events of a turn, for a tracker this store loaded; Rasa counts the stored ones otherwise."""
        saved = getattr(tracker, _SAVED_UP_TO, None)
        if saved is None:
            return super()._additional_events(session, tracker)
        setattr(tracker, _SAVED_UP_TO, len(tracker.events))
        return itertools.islice(tracker.events, saved, None)


def _events(rows: Any) -> list[Event]:
    return deserialise_events([json.loads(row.data) for row in rows])


def _row(sender_id: str, event: Event) -> dict[str, Any]:
    """The columns Rasa's SQL tracker store writes for an event."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


class ProjectLockStore:
    """Rasa asks endpoints.yml for a class: this one builds the lock store the
    environment asks for (Redis, or one process's memory)."""

    def __new__(cls, **_: Any) -> LockStore:  # type: ignore[misc]
        return lock_store()


class AtomicRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store whose lock changes cannot interleave."""

    def _change(self, conversation_id: str, change: Callable[[TicketLock], Result]) -> Result:
        """Reads the lock, applies `change` and writes it back, or deletes it
        when no ticket is left; retried when another server changed it between."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(stored)) if stored else TicketLock(conversation_id)
                    result = change(lock)
                    pipe.multi()
                    if lock.tickets:
                        pipe.set(key, lock.dumps())
                    else:
                        pipe.delete(key)
                    pipe.execute()
                    return result
                except WatchError:
                    continue  # another server changed the lock first: read it again

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return self._change(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime))
        except RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        self._change(conversation_id, TicketLock.remove_expired_tickets)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # The lock is deleted with its last ticket, in the same transaction.
        self.finish_serving(conversation_id, ticket_number)


def lock_store() -> LockStore:
    configured = os.environ.get(REDIS_URL_VARIABLE)
    if not configured:
        return InMemoryLockStore()  # one Rasa server: its own locks suffice
    url = urlparse(configured)
    store = AtomicRedisLockStore(
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
