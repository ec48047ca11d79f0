"""Scores one turn of the assistant against what a held-out item expects.

Plain functions over what a turn left behind (the tracker's slots, the
intent, the replies), so that the rules are unit-tested without servers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence

from bot.core import wording
from bot.core.details import DISTRICT_QUESTIONS, needed_details
from bot.core.guide_sentences import grams
from bot.core.knowledge import KnowledgeBase
from bot.intents import BY_KEY
from bot.text import compact

PHONE = re.compile(r"(?<!\d)0421-?\d{7}(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)")
URL = re.compile(r"https?://[\w./\-?=&%#:]+")
SERVICE_BUTTON = re.compile(r'"service":\s*"([a-z0-9_]+)"')
CHITCHAT_INTENTS = {"greet", "goodbye", "thanks", "bot_challenge", "affirm"}


@dataclass
class Observed:
    """What the assistant did with one user message."""

    slots: Dict[str, Any]
    intent: str
    replies: List[Dict] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(str(r.get("text") or "") for r in self.replies)

    @property
    def offered_services(self) -> List[str]:
        offered = list(self.slots.get("offered_services") or [])
        for reply in self.replies:
            for button in reply.get("buttons") or []:
                offered += SERVICE_BUTTON.findall(str(button.get("payload") or ""))
        return offered


@dataclass
class Score:
    right: bool  # service and case right, or the right clarifying question
    question_right: bool  # and the question type as expected
    case_stated: bool = False  # the item states a case…
    case_asked_again: bool = False  # …and the assistant asked for it anyway


def leaf(case_path: str) -> str:
    return case_path.split("/")[-1]


def _case_right(
    kb: KnowledgeBase, service_id: Optional[str], expected: Optional[str], ask: str, observed: Observed
) -> bool:
    slots = observed.slots
    chosen = slots.get("case") or slots.get("case_branch")
    service = kb.get(service_id)
    if expected:
        return chosen in (leaf(expected), expected) or slots.get("case_branch") == leaf(expected)
    if service and "case" in needed_details(service, ask) and not chosen:
        # No case stated, and the answer depends on it (materials, not the
        # conditions, which are the same for every case): asking is right.
        return slots.get("requested_slot") == "case"
    return chosen is None or chosen == "all"  # nothing stated: nothing guessed


def score(kb: KnowledgeBase, expect: Dict, observed: Observed) -> Score:
    ask = str(expect.get("ask") or "")
    question_ok = (
        ask in ("", "detail", "life_event", "chitchat", "out_of_scope") or observed.slots.get("question") == ask
    )
    if ask == "out_of_scope":
        # Read as out of scope, or answered that the guide has no such service.
        told = observed.intent == "out_of_scope" or (
            not observed.slots.get("service") and observed.text.startswith(wording.NOT_FOUND)
        )
        return Score(told, told)
    if ask == "chitchat":
        return Score(observed.intent in CHITCHAT_INTENTS, observed.intent in CHITCHAT_INTENTS)
    if "life_event" in expect:
        wanted = set(expect["life_event"])
        offered = set(observed.offered_services) & wanted
        right = len(offered) >= min(2, len(wanted))
        return Score(right, right)
    if "candidates" in expect:
        wanted = set(expect["candidates"])
        offered = set(observed.offered_services) & wanted
        right = not observed.slots.get("service") and len(offered) >= min(2, len(wanted))
        return Score(right, right)
    service_id = expect.get("service")
    service_ok = observed.slots.get("service") == service_id
    case_matters = ask in ("materials", "conditions")
    case_ok = not case_matters or _case_right(kb, service_id, expect.get("case"), ask, observed)
    stated = bool(expect.get("case")) and case_matters
    # Asking the sub-question of the branch the item states ("在职死亡": of what
    # cause?) asks what it does not state.
    branch_kept = observed.slots.get("case_branch") == expect.get("case")
    asked_again = stated and service_ok and observed.slots.get("requested_slot") == "case" and not branch_kept
    right = service_ok and case_ok
    return Score(right, right and question_ok, stated, asked_again)


def invented_facts(text: str, guide_text: str, own_url: str = "") -> List[str]:
    """Phones and web addresses in a reply that the guide does not have; pages
    under `own_url` (the assistant's printable checklists) are its own."""
    guide = guide_text.replace("—", "-").replace("；//", "://")
    found = [p for p in PHONE.findall(text) if p not in guide and p.replace("-", "") not in guide.replace("-", "")]
    found += [
        u for u in URL.findall(text) if u.rstrip("/") not in guide and not (own_url and u.startswith(own_url + "/"))
    ]
    return found


def share(flags: Sequence[bool]) -> str:
    return f"{100 * sum(flags) / len(flags):.1f} % ({sum(flags)}/{len(flags)})" if flags else "–"


QUOTE = re.compile(r"「([^」]+)」")


def quotes_the_sentence(text: str, sentence: str) -> bool:
    """True if the reply gives the expected sentence of the guide, quoted or as a
    line of an answer card: most of it, or a part of it that stands on its own
    (the guide's sentences are cut at their numbered items)."""
    expected = grams(compact(sentence))
    # A quotation, or a line of an answer card that gives the sentence.
    for quote in QUOTE.findall(text) + text.splitlines():
        given = grams(compact(quote))
        shared = len(expected & given)
        if expected and (shared >= 0.6 * len(expected) or (given and shared >= 0.8 * len(given))):
            return True
    return False


# What both ways of saying so share: of a service ("办事指南“…”中没有写到这一点") or of the whole guide.
SILENT_WORDS = "中没有写到这一点"


def says_the_guide_is_silent(text: str) -> bool:
    return SILENT_WORDS in text and not QUOTE.search(text)


def answers_part(text: str, kb: KnowledgeBase, part: Dict) -> bool:
    """True if the replies answer one question of a multi-question message:
    the answer card of that question type for that service, or the question
    the answer still waits for: its case, or for "where" and "which phone" its
    district where each district has its own office; for a detail, a quotation
    of that service's section or the word that the guide does not say it."""
    service = kb.get(part["service"])
    if not service:
        return False
    if part["ask"] == "detail":
        return any(said.format(service=service.name) in text for said in (wording.GUIDE_SAYS, wording.GUIDE_SILENT))
    heading = BY_KEY[part["ask"]].heading
    if f"【{heading}】{service.name}" in text or wording.CASES_DIFFER.format(service=service.name) in text:
        return True
    return part["ask"] in DISTRICT_QUESTIONS and f"“{service.name}”\n{wording.WHICH_DISTRICT}" in text
