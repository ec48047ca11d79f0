"""The recent part of a conversation, which is all a turn needs.

Rasa hands the policies and the action server the whole session: every
prediction re-reads every event and every action call sends them all, so a
turn grew with the length of the conversation. The policies look only at the
last few turns (MemoizationPolicy's max_history, the rules' snippets), the
actions only at the last few messages. The tracker store (bot/stores.py)
therefore reads from the database the last RECENT_TURNS user messages with
everything after them, and of the events before them only those that set the
state (slots, forms, the session's start); a turn sees the session's opening,
the slots and the active form as they stood then, and the recent messages. The database keeps
every event.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

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

# The user messages a turn sees: the current one and the four earlier ones
# the actions read back (a case told before a move, actions/questions.py),
# which also covers MemoizationPolicy's history of 5 states. Every message
# more costs every later turn its events, in each prediction and action call.
RECENT_TURNS = 5

# The events before the recent part that a turn still needs, by the type
# names the database stores; and the action that opens a session.
STATE_EVENTS = tuple(e.type_name for e in (SlotSet, ActiveLoop, AllSlotsReset, Restarted, SessionStarted))
OPENING_ACTION = ACTION_SESSION_START_NAME
RESET_EVENTS = (AllSlotsReset.type_name, Restarted.type_name, SessionStarted.type_name)
_OPENING = (ActionExecuted.type_name, SessionStarted.type_name)


def _state_left(earlier: Sequence[Dict[str, Any]]) -> Tuple[Dict[str, Any], Optional[str]]:
    """The slots these stored events leave set and the form they leave active;
    read from their stored form, which is far cheaper than Rasa's events."""
    slots: Dict[str, Any] = {}
    loop: Optional[str] = None
    for event in earlier:
        kind = event.get("event")
        if kind == SlotSet.type_name:
            slots[event["name"]] = event.get("value")
        elif kind in RESET_EVENTS:
            slots.clear()
            loop = None
        elif kind == ActiveLoop.type_name:
            loop = event.get("name")
    return slots, loop


def recent_part(earlier: Sequence[Dict[str, Any]], recent: Sequence[Event]) -> Optional[List[Event]]:
    """The events a turn needs, from the stored state-setting events before the
    recent messages and the recent messages with all after them; None when
    there are no recent messages."""
    if not recent:
        return None
    slots, loop = _state_left(earlier)
    opening = deserialise_events([e for e in earlier if e.get("event") in _OPENING])
    when = recent[0].timestamp
    carried: List[Event] = [SlotSet(key, value, timestamp=when) for key, value in slots.items()]
    if loop:
        # A form still waiting for its answer (the case, the district) stays
        # active: the user may answer it many messages later.
        carried.append(ActiveLoop(loop, timestamp=when))
    return [*opening, *carried, *recent]
