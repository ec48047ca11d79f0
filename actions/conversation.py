"""Actions for the conversation around the answers: browsing, fallback, hand-over."""

from __future__ import annotations

import re
from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    earlier_user_texts,
    latest_cases,
    latest_entities,
    latest_message,
    latest_part_rankings,
    latest_ranking,
    likeliest_question,
    send,
    slot_events,
    state_from,
)
from bot.core import replies
from bot.core.dialogue import entity_values, read_turn, surely_meant
from bot.core.guide_sentences import get_sentence_index
from bot.core.handoff_code import conversation_code
from bot.core.journeys import family_named, get_journeys
from bot.core.knowledge import get_knowledge_base
from bot.core.message import UserMessage
from bot.core.question_parts import asked_parts, several_questions
from bot.core.resolve import get_resolver
from bot.intents import BY_KEY


class ActionListServices(Action):
    """Lists the services of the category (or topic) the user named."""

    def name(self) -> str:
        return "action_list_services"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        kb = get_knowledge_base()
        mentions = entity_values(latest_entities(tracker), "category")
        categories = replies.find_categories(kb, latest_message(tracker), mentions)
        send(dispatcher, tracker, [replies.list_services(kb, categories)])
        return []


class ActionHandoff(Action):
    """Gives the phones of the right office and marks the chat as handed over."""

    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        kb = get_knowledge_base()
        state = state_from(tracker)
        service = kb.get(state.service) if state.service else None
        code = conversation_code(tracker.sender_id)
        send(dispatcher, tracker, [replies.handoff(kb, service, state.district, code)])
        return [SlotSet("handoff", True)]


RATINGS = ("useful", "useless")


class ActionRateAnswer(Action):
    """Keeps the user's 有用 / 没用 with the conversation and answers it."""

    def name(self) -> str:
        return "action_rate_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        kb = get_knowledge_base()
        said = entity_values(latest_entities(tracker), "rating")
        rating = said[0] if said and said[0] in RATINGS else None
        if rating is None:  # typed, and the value not recognised: a negation says 没用
            rating = "useless" if re.search("没|不", latest_message(tracker).text) else "useful"
        service = tracker.get_slot("service")
        send(dispatcher, tracker, [replies.rated(kb, rating, kb.get(service) if service else None)])
        return [SlotSet("rating", rating)]


# Services offered when a message is not understood.
MAX_OFFERED = 3


class ActionOutOfScope(Action):
    """Says what the assistant covers and where to ask instead."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        kb = get_knowledge_base()
        message, entities = latest_message(tracker), entity_values(latest_entities(tracker), "service")
        named = get_resolver().resolve(message, entities, latest_ranking(tracker))
        meant = named.decided if surely_meant(named) else None
        closest = named.top(MAX_OFFERED)
        if meant or (closest and get_sentence_index().silent_on(message.key)):
            # "灵活就业参保一年最少交多少钱": about a service of the guide, which does
            # not say it (its phones know more than the general ones); "工伤配个轮椅
            # 最多能报多少钱": near services of the guide, none of which says it.
            district = tracker.get_slot("district")
            send(dispatcher, tracker, [replies.guide_silent(kb, meant, closest, district)])
        else:
            send(dispatcher, tracker, [replies.out_of_scope(kb)])
        return []


class ActionFallback(Action):
    """Not understood: offers the closest services, a rephrase hint and the human route."""

    def name(self) -> str:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        kb, before = get_knowledge_base(), state_from(tracker)
        if before.service:
            # An unsure statement about the service under discussion ("我们家是低保户")
            # is read as information about its case, or a move within its family
            # ("还得再练一阵 能往后延不"), before giving up.
            after = read_turn(
                kb, get_resolver(), before, "inform", latest_message(tracker), cases=latest_cases(tracker)
            )
            told = (after.service, after.case, after.case_branch)
            if after.service and told != (before.service, before.case, before.case_branch):
                return [*slot_events(before, after), FollowupAction("details_form")]
        resolver = get_resolver()
        message = latest_message(tracker)
        resolution = resolver.resolve(message, ranking=latest_ranking(tracker))
        parts = asked_parts(kb, message)
        # "…认证能用手机整不": what the message's own words plainly ask, else the NLU's likeliest.
        plain = [part.question for part in parts if not part.vague]
        asked = BY_KEY[plain[0]].intent if plain else likeliest_question(tracker)
        sure = surely_meant(resolution)
        several = several_questions(parts)
        # "家里人没了 丧葬费找谁领啊": a family named as a whole, whose members are asked about.
        family = family_named(get_journeys(), message) is not None
        # "ok 员工参保呢 三个人" while another service is discussed: surely a new one.
        elsewhere = sure and resolution.decided is not None and resolution.decided.id != before.service
        if asked and (sure or several or family) and (not before.service or elsewhere):
            # Unsure what is asked, sure which service ("…现在伤更重了 能重新鉴定不"),
            # or several questions, each with its own words: answer them rather than nothing.
            after = read_turn(
                kb,
                resolver,
                before,
                asked,
                message,
                latest_entities(tracker),
                latest_ranking(tracker),
                latest_cases(tracker),
                latest_part_rankings(tracker),
            )
            if after.service != before.service or after.offered_services:
                return [*slot_events(before, after), FollowupAction("details_form")]
        closest = resolution.top(MAX_OFFERED)
        if not closest:
            # What the earlier turns said may still point the way ("我爸走了" … "咋整啊").
            earlier = " ".join([latest_message(tracker).text, *earlier_user_texts(tracker)])
            closest = resolver.resolve(UserMessage.read(earlier)).top(MAX_OFFERED)
        if not closest and before.service:
            closest = [kb[before.service]]
        if get_sentence_index().silent_on(message.key):
            # "退休了一个月能开多少钱": whatever service is meant, no sentence of the
            # guide gives an amount; saying so helps more than "not understood".
            meant = resolution.decided if sure else kb.get(before.service) if before.service else None
            send(dispatcher, tracker, [replies.guide_silent(kb, meant, closest, before.district)])
            return []
        send(dispatcher, tracker, [replies.not_understood(kb, closest)])
        return []
