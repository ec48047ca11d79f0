"""The recent part of a conversation, which is all a turn needs.

Rasa hands the policies and the action server the whole session: every
prediction re-reads every event and every action call sends them all, so a
turn grew with the length of the conversation. The policies look only at the
last few turns (MemoizationPolicy's max_history, the rules' snippets), the
actions only at the last few messages. The tracker store (bot/stores.py)
therefore hands a turn the session's opening, the slots as they stood
RECENT_TURNS user messages ago, and those messages with everything after
them; the database keeps every event.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence

from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    AllSlotsReset,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)

# The user messages a turn sees; more than the actions read back (their
# earlier messages and replies) and than the policies' history.
RECENT_TURNS = 8


def _is_listen(event: Event) -> bool:
    return isinstance(event, ActionExecuted) and event.action_name == ACTION_LISTEN_NAME


def _slots_before(events: Sequence[Event]) -> Optional[Dict[str, object]]:
    """The slots these events leave set, or None while a form is still active."""
    slots: Dict[str, object] = {}
    loop: Optional[str] = None
    for event in events:
        if isinstance(event, SlotSet):
            slots[event.key] = event.value
        elif isinstance(event, (AllSlotsReset, Restarted, SessionStarted)):
            slots.clear()
            loop = None
        elif isinstance(event, ActiveLoop):
            loop = event.name
    return None if loop else slots


def recent_events(events: Sequence[Event], turns: int = RECENT_TURNS) -> Optional[List[Event]]:
    """The events a turn needs, or None when the session is short enough (or a
    form is active at the cut) to be kept whole."""
    said = [i for i, event in enumerate(events) if isinstance(event, UserUttered)]
    if len(said) <= turns:
        return None
    cut = said[-turns]
    if cut and _is_listen(events[cut - 1]):
        cut -= 1  # the listen before the message belongs to it
    opening_end = next((i for i, event in enumerate(events) if _is_listen(event)), 0)
    if opening_end >= cut:
        return None
    slots = _slots_before(events[:cut])
    if slots is None:
        return None
    when = events[cut].timestamp
    carried = [SlotSet(key, value, timestamp=when) for key, value in slots.items()]
    return [*events[:opening_end], *carried, *events[cut:]]
