"""The registry of intents: every question type once, and the turns of the conversation.

Everything else is derived from here: the question intents of the dialogue,
the answer headings, the NLU data templates, the service classifier's
"no service" examples. `domain.yml` and `data/rules/` must list intents in
YAML; tests/test_registry.py proves those lists equal what is derived here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Tuple


@dataclass(frozen=True)
class QuestionType:
    key: str  # what is asked: the answer builder's and the `question` slot's value
    intent: str  # the NLU intent that asks it
    heading: str  # the answer card's heading

    @property
    def cue(self) -> str:
        """Its regex cue in data/nlu/cues.yml."""
        return f"cue_{self.key}"


QUESTION_TYPES: Tuple[QuestionType, ...] = (
    QuestionType("materials", "ask_materials", "所需材料"),
    QuestionType("conditions", "ask_conditions", "受理条件"),
    QuestionType("time_limit", "ask_time_limit", "办理时限"),
    QuestionType("location", "ask_location", "办理地点"),
    QuestionType("phone", "ask_phone", "咨询电话"),
    QuestionType("feedback", "ask_feedback", "结果反馈"),
    QuestionType("online", "ask_online", "网上办理"),
    QuestionType("overview", "ask_overview", "业务概览"),
)
DEFAULT_QUESTION = "overview"
BY_KEY: Dict[str, QuestionType] = {q.key: q for q in QUESTION_TYPES}
BY_INTENT: Dict[str, QuestionType] = {q.intent: q for q in QUESTION_TYPES}
QUESTION_KEYS: Tuple[str, ...] = tuple(BY_KEY)
QUESTION_INTENTS: Tuple[str, ...] = tuple(BY_INTENT)

LIST_SERVICES = "list_services"
# Turns that carry an answer to the form's question, or correct one.
ANSWER_INTENTS = ("choose", "inform", "deny")
# A chosen option and a described one start the same rule (data/rules/questions.yml):
# NLU adds up their confidence instead of falling back when it cannot tell them apart.
TWIN_INTENTS = frozenset({"choose", "inform"})
# Turns of their own, never an answer to the form's question.
SOCIAL_INTENTS = ("greet", "goodbye", "thanks", "request_human", "out_of_scope", "bot_challenge", "rate_answer")
# "Yes" outside a question: the assistant asks what the user needs.
AFFIRM = "affirm"
ALL_INTENTS: Tuple[str, ...] = (*QUESTION_INTENTS, LIST_SERVICES, AFFIRM, *ANSWER_INTENTS, *SOCIAL_INTENTS)
# Examples of these intents teach the service classifier what "no service" looks like.
NO_SERVICE_INTENTS = frozenset(ALL_INTENTS) - set(QUESTION_INTENTS)

# What the form may not take as the reply to its question (domain.yml `not_intent`).
NOT_A_CASE_OR_DISTRICT: Tuple[str, ...] = (*QUESTION_INTENTS, LIST_SERVICES, *SOCIAL_INTENTS)
# A service named on its own reads as ask_overview, and answers "which service?".
NOT_A_SERVICE: Tuple[str, ...] = tuple(i for i in NOT_A_CASE_OR_DISTRICT if i != BY_KEY["overview"].intent)
# Intents that start the details form, and those that restart it while it waits.
STARTS_THE_FORM: Tuple[str, ...] = (*QUESTION_INTENTS, *ANSWER_INTENTS)
RESTARTS_THE_FORM: Tuple[str, ...] = QUESTION_INTENTS
