"""A turn sees the recent part of its conversation; the database keeps all of it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import List

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.paths import ROOT
from bot.recent_turns import OPENING_ACTION, RECENT_TURNS, STATE_EVENTS, recent_part
from bot.stores import CONVERSATION_INDEX, ProjectTrackerStore

SERVICES = ["normal_retirement", "pension_account_lump_sum", "injury_identification"]


def conversation(turns: int, form_open_from: int | None = None) -> List[Event]:
    """A session of `turns` questions, each moving to the next of SERVICES."""
    events: List[Event] = [ActionExecuted(ACTION_SESSION_START_NAME), SessionStarted()]
    for n in range(turns):
        events += [ActionExecuted(ACTION_LISTEN_NAME), UserUttered(f"问题{n}", {"name": "ask_materials"})]
        events += [ActionExecuted("action_read_question"), SlotSet("service", SERVICES[n % len(SERVICES)])]
        events += [SlotSet("question", "materials" if n % 2 else "time_limit")]
        if form_open_from is not None and n >= form_open_from:
            events += [ActiveLoop("details_form")]
        else:
            events += [ActionExecuted("action_answer"), BotUttered(f"回答{n}")]
    return events


def slots_after(events: List[Event], domain: Domain) -> dict:
    return DialogueStateTracker.from_events("u", events, domain.slots).current_slot_values()


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(ROOT / "domain.yml")


def split(events: List[Event], turns: int = RECENT_TURNS):
    """What the store reads: the state-setting events before the recent messages, and those."""
    said = [i for i, e in enumerate(events) if isinstance(e, UserUttered)]
    cut = said[-turns] - 1  # the listen before the message
    kept = [e for e in events[:cut] if e.type_name in STATE_EVENTS or isinstance(e, ActionExecuted)]
    stored = [e.as_dict() for e in kept if not isinstance(e, ActionExecuted) or e.action_name == OPENING_ACTION]
    return stored, events[cut:]


def test_a_long_conversation_keeps_its_opening_its_slots_and_its_recent_messages(domain):
    events = conversation(RECENT_TURNS + 5)
    part = recent_part(*split(events))
    assert part is not None and len(part) < len(events)
    assert isinstance(part[1], SessionStarted)
    said = [e.text for e in part if isinstance(e, UserUttered)]
    assert said == [f"问题{n}" for n in range(5, RECENT_TURNS + 5)]
    assert slots_after(part, domain) == slots_after(events, domain)
    # The slots carried over are those set before the first recent message, once each.
    first = next(i for i, e in enumerate(part) if isinstance(e, UserUttered))
    carried = [(e.key, e.value) for e in part[:first] if isinstance(e, SlotSet)]
    assert carried == [("service", SERVICES[4 % len(SERVICES)]), ("question", "time_limit")]


def test_a_form_still_active_before_the_recent_messages_stays_active(domain):
    events = conversation(RECENT_TURNS + 5, form_open_from=2)
    part = recent_part(*split(events))
    assert part is not None and len(part) < len(events)
    whole, recent = (DialogueStateTracker.from_events("u", e, domain.slots) for e in (events, part))
    assert recent.active_loop_name == whole.active_loop_name == "details_form"
    assert recent.current_slot_values() == whole.current_slot_values()


def test_a_form_closed_before_the_recent_messages_is_not_carried(domain):
    events = conversation(RECENT_TURNS + 5)
    events[5:5] = [ActiveLoop("details_form"), ActiveLoop(None)]  # opened and closed in the first turn
    part = recent_part(*split(events))
    assert part is not None
    assert DialogueStateTracker.from_events("u", part, domain.slots).active_loop_name is None


def test_the_store_hands_a_turn_the_recent_part_and_keeps_every_event(tmp_path: Path, domain):
    store = ProjectTrackerStore(domain, db=str(tmp_path / "conversations.db"))
    events = conversation(RECENT_TURNS + 5)
    asyncio.run(store.save(DialogueStateTracker.from_events("u", events, domain.slots)))

    tracker = asyncio.run(store.retrieve("u"))
    assert tracker is not None and len(tracker.events) < len(events)
    said = [e.text for e in tracker.events if isinstance(e, UserUttered)]
    assert said == [f"问题{n}" for n in range(5, RECENT_TURNS + 5)]
    assert tracker.current_slot_values() == slots_after(events, domain)
    turn = [ActionExecuted(ACTION_LISTEN_NAME), UserUttered("再问一个"), ActionExecuted("action_answer")]
    for event in turn:
        tracker.update(event)
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(tracker))  # saving again writes nothing twice

    whole = asyncio.run(store.retrieve_full_tracker("u"))
    assert whole is not None
    assert [e.as_dict()["event"] for e in whole.events] == [e.as_dict()["event"] for e in [*events, *turn]]
    said = [e.text for e in whole.events if isinstance(e, UserUttered)]
    assert said == [f"问题{n}" for n in range(RECENT_TURNS + 5)] + ["再问一个"]


def test_the_store_hands_a_short_conversation_whole(tmp_path: Path, domain):
    store = ProjectTrackerStore(domain, db=str(tmp_path / "conversations.db"))
    events = conversation(RECENT_TURNS - 1)
    asyncio.run(store.save(DialogueStateTracker.from_events("u", events, domain.slots)))
    tracker, rasas = asyncio.run(store.retrieve("u")), asyncio.run(SQLTrackerStore.retrieve(store, "u"))
    assert tracker is not None and rasas is not None
    assert list(tracker.events) == list(rasas.events)


def test_the_store_reads_the_same_few_state_events_however_long_the_conversation(tmp_path: Path, domain):
    store = ProjectTrackerStore(domain, db=str(tmp_path / "conversations.db"))
    lengths = {}
    for sender, turns in (("short", RECENT_TURNS + 5), ("long", RECENT_TURNS + 60)):
        events = conversation(turns, form_open_from=2)
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, events, domain.slots)))
        tracker = asyncio.run(store.retrieve(sender))
        whole = DialogueStateTracker.from_events(sender, events, domain.slots)
        assert tracker is not None
        assert tracker.current_slot_values() == whole.current_slot_values()
        assert tracker.active_loop_name == whole.active_loop_name == "details_form"
        with store.session_scope() as session:
            query = store._event_query(session, sender, fetch_events_from_all_sessions=False)
            lengths[sender] = len(store._state_before(query, store._recent_cut(query)))
    # The session's start, the two slots and the form: not some for every earlier turn.
    assert lengths["long"] == lengths["short"] == 4


def test_slots_reset_before_the_recent_messages_stay_reset(tmp_path: Path, domain):
    store = ProjectTrackerStore(domain, db=str(tmp_path / "conversations.db"))
    events = conversation(RECENT_TURNS + 5)
    events[10:10] = [SlotSet("district", "shuangta"), ActiveLoop("details_form")]
    events[20:20] = [AllSlotsReset()]  # a reset after those, before the recent part
    asyncio.run(store.save(DialogueStateTracker.from_events("u", events, domain.slots)))
    tracker = asyncio.run(store.retrieve("u"))
    whole = DialogueStateTracker.from_events("u", events, domain.slots)
    assert tracker is not None and tracker.current_slot_values() == whole.current_slot_values()
    assert tracker.get_slot("district") is None and tracker.active_loop_name is None


def test_the_store_indexes_events_by_conversation_and_order(tmp_path: Path, domain):
    store = ProjectTrackerStore(domain, db=str(tmp_path / "conversations.db"))
    ProjectTrackerStore(domain, db=str(tmp_path / "conversations.db"))  # a second server: no error
    indexes = sa.inspect(store.engine).get_indexes(store.SQLEvent.__tablename__)
    assert {"name": CONVERSATION_INDEX, "column_names": ["sender_id", "id"]} in [
        {"name": i["name"], "column_names": i["column_names"]} for i in indexes
    ]
