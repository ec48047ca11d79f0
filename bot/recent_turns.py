"""The recent part of a conversation, which is all a turn needs.

Rasa hands the policies and the action server the whole session: every
prediction re-reads every event and every action call sends them all, so a
turn grew with the length of the conversation. The policies look only at the
last few turns (MemoizationPolicy's max_history, the rules' snippets), the
actions only at the last few messages. The tracker store (bot/stores.py)
therefore reads from the database the last RECENT_TURNS user messages with
everything after them, and of the events before them only those that set the
state (slots, forms, the session's start); a turn sees the session's opening,
the slots as they stood then, and the recent messages. The database keeps
every event.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from rasa.shared.core.constants import ACTION_SESSION_START_NAME
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    AllSlotsReset,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    deserialise_events,
)

# The user messages a turn sees; more than the actions read back (their
# earlier messages and replies) and than the policies' history.
RECENT_TURNS = 8

# The events before the recent part that a turn still needs, by the type
# names the database stores; and the action that opens a session.
STATE_EVENTS = tuple(e.type_name for e in (SlotSet, ActiveLoop, AllSlotsReset, Restarted, SessionStarted))
OPENING_ACTION = ACTION_SESSION_START_NAME
_RESETS = (AllSlotsReset.type_name, Restarted.type_name, SessionStarted.type_name)
_OPENING = (ActionExecuted.type_name, SessionStarted.type_name)


def _slots_left(earlier: Sequence[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """The slots these stored events leave set, or None while a form is still
    active; read from their stored form, which is far cheaper than Rasa's events."""
    slots: Dict[str, Any] = {}
    loop: Optional[str] = None
    for event in earlier:
        kind = event.get("event")
        if kind == SlotSet.type_name:
            slots[event["name"]] = event.get("value")
        elif kind in _RESETS:
            slots.clear()
            loop = None
        elif kind == ActiveLoop.type_name:
            loop = event.get("name")
    return None if loop else slots


def recent_part(earlier: Sequence[Dict[str, Any]], recent: Sequence[Event]) -> Optional[List[Event]]:
    """The events a turn needs, from the stored state-setting events before the
    recent messages and the recent messages with all after them; None while a
    form is active between the two (the whole conversation is read then)."""
    slots = _slots_left(earlier)
    if slots is None or not recent:
        return None
    opening = deserialise_events([e for e in earlier if e.get("event") in _OPENING])
    when = recent[0].timestamp
    carried = [SlotSet(key, value, timestamp=when) for key, value in slots.items()]
    return [*opening, *carried, *recent]
