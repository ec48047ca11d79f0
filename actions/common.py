"""Shared glue between Rasa trackers and the plain-Python core in bot/."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.core import replies
from bot.core.dialogue import State
from bot.core.knowledge import get_knowledge_base
from bot.core.message import UserMessage
from bot.core.render import Message
from bot.intents import QUESTION_INTENTS
from bot.parse_result import case_ranking, classifier_ranking, part_rankings

STATE_SLOTS = tuple(State().as_slots())


def state_from(tracker: Tracker) -> State:
    """The conversation state as the slots hold it."""
    values: Dict[str, Any] = {name: tracker.get_slot(name) for name in STATE_SLOTS}
    values["offered_services"] = list(values.get("offered_services") or [])
    values["more_questions"] = list(values.get("more_questions") or [])
    values["failed_attempts"] = int(values.get("failed_attempts") or 0)
    return State(**values)


def slot_events(before: State, after: State) -> List[EventType]:
    """SlotSet events for the slots a turn changed."""
    old, new = before.as_slots(), after.as_slots()
    return [SlotSet(name, new[name]) for name in STATE_SLOTS if old[name] != new[name]]


def latest_message(tracker: Tracker) -> UserMessage:
    """The user's latest message as typed (the NLU's text has lost the spaces
    that part its questions), read once for the turn."""
    typed = next((e.get("text") for e in reversed(tracker.events) if e.get("event") == "user"), None)
    return UserMessage.read(typed or tracker.latest_message.get("text"))


def latest_intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def latest_entities(tracker: Tracker) -> List[Dict[str, Any]]:
    return list(tracker.latest_message.get("entities") or [])


def likeliest_question(tracker: Tracker) -> Optional[str]:
    """The question intent the NLU ranked highest, even below the fallback threshold."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    return next((i["name"] for i in ranking if i.get("name") in QUESTION_INTENTS), None)


def latest_cases(tracker: Tracker) -> List[Tuple[str, str, float]]:
    """The NLU case classifier's (service id, case id, probability) triples."""
    return case_ranking(tracker.latest_message)


def latest_ranking(tracker: Tracker) -> List[Tuple[str, float]]:
    """The NLU service classifier's (service id, probability) pairs."""
    return classifier_ranking(tracker.latest_message)


def latest_part_rankings(tracker: Tracker) -> Dict[str, List[Tuple[str, float]]]:
    """The NLU service classifier's pairs for each question of a message that asks several."""
    return part_rankings(tracker.latest_message)


def previous_replies(tracker: Tracker) -> List[str]:
    """What the assistant said in answer to the user's message before the latest one."""
    said: List[str] = []
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                break
        elif event.get("event") == "bot" and users == 1:
            said.append(str(event.get("text") or ""))
    return list(reversed(said))


def earlier_user_messages(tracker: Tracker, count: int = 2) -> List[Tuple[str, List[Tuple[str, str, float]]]]:
    """The user's messages before the latest one, the nearest first, each with
    the case classifier's triples; buttons pressed left out."""
    users = [e for e in reversed(tracker.events) if e.get("event") == "user"][1 : count + 1]
    told = [(str(e.get("text") or ""), case_ranking(e.get("parse_data") or {})) for e in users]
    return [(text, cases) for text, cases in told if text and not text.startswith("/")]


def earlier_user_texts(tracker: Tracker, count: int = 2) -> List[str]:
    """The user's messages before the latest one, the nearest first."""
    return [text for text, _ in earlier_user_messages(tracker, count)]


def send(dispatcher: CollectingDispatcher, tracker: Tracker, messages: List[Message]) -> None:
    """Sends the messages; if they would repeat the previous turn's word for
    word, adds another way on (a person, the phones, browsing)."""
    if replies.repeats(messages, previous_replies(tracker)):
        kb = get_knowledge_base()
        service = tracker.get_slot("service")
        messages = [*messages, replies.another_way(kb, kb.get(service) if service else None)]
    for message in messages:
        dispatcher.utter_message(text=message.get("text"), buttons=message.get("buttons") or [])
