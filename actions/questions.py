"""Actions that answer questions about a service, through details_form."""

from __future__ import annotations

from typing import Any, Dict, List, cast

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    earlier_user_messages,
    latest_cases,
    latest_entities,
    latest_intent,
    latest_message,
    latest_part_rankings,
    latest_ranking,
    previous_replies,
    send,
    slot_events,
    state_from,
)
from bot.core import dialogue, replies
from bot.core.answers import answer
from bot.core.details import pending_cases
from bot.core.guide_sentences import get_sentence_index, quoted
from bot.core.journeys import event_named, get_journeys, next_services
from bot.core.knowledge import KnowledgeBase, get_knowledge_base
from bot.core.question_words import asked_length, names_something
from bot.core.render import in_brief, render_answer
from bot.core.resolve import get_resolver
from bot.intents import DEFAULT_QUESTION

# What to do next is offered after answers about what to do, not after a phone number.
OFFER_NEXT_AFTER = ("materials", "overview")

# How many of the user's earlier messages may have told the case of a service
# the conversation moves to.
TOLD_BEFORE = 4

# The input channel of the website's chat widget (Rasa's socket.io channel).
WEB_CHANNEL = "socketio"


class ActionReadQuestion(Action):
    """Reads the service, question type, case and district a message gives."""

    def name(self) -> str:
        return "action_read_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        before = state_from(tracker)
        earlier = earlier_user_messages(tracker, count=TOLD_BEFORE)
        after = dialogue.read_turn(
            get_knowledge_base(),
            get_resolver(),
            before,
            intent=latest_intent(tracker),
            message=latest_message(tracker),
            entities=latest_entities(tracker),
            ranking=latest_ranking(tracker),
            cases=latest_cases(tracker),
            part_rankings=latest_part_rankings(tracker),
            told_before=[text for text, _ in earlier],
            cases_before=[cases for _, cases in earlier],
        )
        return slot_events(before, after)


class ValidateDetailsForm(FormValidationAction):
    """Asks only for what the knowledge base says the question needs."""

    def name(self) -> str:
        return "validate_details_form"

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        return dialogue.required_details(get_knowledge_base(), state_from(tracker))

    def validate_service(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return dialogue.settle_service(
            get_knowledge_base(),
            get_resolver(),
            state_from(tracker),
            str(value),
            ranking=latest_ranking(tracker),
            cases=latest_cases(tracker),
            said=latest_message(tracker),
        )

    def validate_case(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return dialogue.settle_case(
            get_knowledge_base(),
            state_from(tracker),
            str(value),
            cases=latest_cases(tracker),
            said=latest_message(tracker),
        )

    def validate_district(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return dialogue.settle_district(get_knowledge_base(), state_from(tracker), str(value))


class ActionAskService(Action):
    """Asks which service is meant, offering the closest ones as buttons."""

    def name(self) -> str:
        return "action_ask_service"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        kb, state = get_knowledge_base(), state_from(tracker)
        offered = [service for i in state.offered_services if (service := kb.get(i))]
        if not offered and names_something(latest_message(tracker)):
            send(dispatcher, tracker, [replies.service_not_found(kb)])
        elif offered and state.detail and get_sentence_index().silent_on(state.detail):
            # "企业年金单位缴费比例最高能定到多少": whichever is meant, the guide does not
            # say it; the services stay offered for what else the user needs.
            send(dispatcher, tracker, [replies.guide_silent(kb, None, offered)])
        else:
            send(dispatcher, tracker, [replies.ask_service(offered, failed_before=bool(state.failed_attempts))])
        return []


class ActionAskCase(Action):
    """Asks which case applies (or which sub-case of the case chosen)."""

    def name(self) -> str:
        return "action_ask_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        state = state_from(tracker)
        service = dialogue.service_of(get_knowledge_base(), state)
        cases = pending_cases(service, state.case_branch)
        assert cases is not None  # the form asks for the case only while one is open
        asking = replies.ask_case(service, cases, failed_before=bool(state.failed_attempts))
        return answer_others_then_ask(dispatcher, tracker, asking)


class ActionAskDistrict(Action):
    """Asks in which district the user will go, for services with offices per district."""

    def name(self) -> str:
        return "action_ask_district"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        service = dialogue.service_of(get_knowledge_base(), state_from(tracker))
        return answer_others_then_ask(dispatcher, tracker, replies.ask_district(service))


def answer_others_then_ask(dispatcher: CollectingDispatcher, tracker: Tracker, asking: Dict) -> List[EventType]:
    """Asks for a detail of the first question, after answering the other
    questions of the message that do not wait for it ("在哪交 多长时间出结果")."""
    kb, state = get_knowledge_base(), state_from(tracker)
    now, later = dialogue.answerable_now(kb, state)
    messages = [message for asked in now for message in said_beside(kb, state, asked)]
    send(dispatcher, tracker, [*messages, asking])
    return [SlotSet("more_questions", later)] if now else []


def said_beside(kb: KnowledgeBase, state: dialogue.State, asked: str) -> List[Dict]:
    """The reply to another question of the message ("service|question"): its
    answer card, or for a detail ("service|detail|words") the guide's sentences."""
    service_id, question, *words = asked.split("|", 2)
    if question == dialogue.DETAIL:
        matches = get_sentence_index().answering(service_id, words[0])
        service = kb[service_id]
        silent = replies.guide_silent(kb, service, district=state.district)
        return [replies.guide_quote(service, quoted(matches)) if matches else silent]
    return render_answer(dialogue.answer_beside(kb, state, asked))


class ActionAnswer(Action):
    """Answers the question from the knowledge base."""

    def name(self) -> str:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        kb, state = get_knowledge_base(), state_from(tracker)
        event = event_named(get_journeys(), state.life_event)
        if event:
            send(dispatcher, tracker, [replies.life_event(kb, event)])
            return []
        service = kb.get(state.service) if state.service else None
        if not service:
            send(dispatcher, tracker, [replies.ask_service([])])
            return []
        if dialogue.denial_changed_nothing(latest_intent(tracker), state, tracker.get_slot("answered")):
            send(dispatcher, tracker, [replies.what_is_wrong()])
            return []
        if state.detail:
            matches = get_sentence_index().answering(service.id, state.detail)
            silent = replies.guide_silent(kb, service, district=state.district)
            reply = replies.guide_quote(service, quoted(matches)) if matches else silent
            send(dispatcher, tracker, [reply])
            return [SlotSet("failed_attempts", 0), SlotSet("answered", None)]
        question = state.question or DEFAULT_QUESTION
        length = asked_length(latest_message(tracker))
        result = answer(service, question, case_id=state.case, district=state.district, full=length == "full")
        messages = render_answer(result)
        if length == "brief":
            messages = in_brief(messages)
        repeated = replies.repeats(messages, previous_replies(tracker))
        if repeated:
            titles = [option.button_title for option in result.case_path]
            messages = [replies.same_as_above(service, question, titles)]
        for more in state.more_questions:
            messages += said_beside(kb, state, more)
        if tracker.get_latest_input_channel() == WEB_CHANNEL:
            # The website's widget asks 有用 / 没用 under each answer card.
            last = messages[-1]
            last["buttons"] = list(cast(List[Dict], last.get("buttons") or [])) + replies.rating_buttons()
        following = next_services(get_journeys(), service.id, state.case)
        if following and question in OFFER_NEXT_AFTER and not repeated:
            messages.append(replies.next_services(kb, following))
        send(dispatcher, tracker, messages)
        events = [SlotSet("failed_attempts", 0), SlotSet("answered", dialogue.answered_key(state))]
        return events + ([SlotSet("more_questions", [])] if state.more_questions else [])
