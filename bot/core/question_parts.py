"""Several questions in one message: "在哪办 电话多少", "1、新员工怎么增员 2、离职的怎么减员".

A message is cut into numbered items, and items into clauses; each clause asks
the type of question whose words (data/nlu/cues.yml) it uses. Clauses that ask
nothing are context for the next one ("我爸去世了，丧葬费咋领").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional

from bot.core.message import UserMessage
from bot.core.question_words import how_cue, question_cue

# "1、", "2.", "（3）", "①" at the start or after a break.
_NUMBERED = re.compile(r"(?:^|(?<=[\s。；;？?！!]))(?:[（(]?[0-9一二三四五六七八九][)）、.．]|[①②③④⑤⑥⑦⑧⑨])")
_CLAUSE_BREAK = re.compile(r"[，,。？?！!；;\s]+|还有|另外|再就是|再问一下|顺便问一下|顺便问|以及")
# The order in which a clause's words are read: the narrow questions first;
# "能…吗" (conditions) and "怎么办" (materials) also appear around the others.
_ORDER = ("time_limit", "phone", "location", "feedback", "online", "materials", "conditions")


@dataclass(frozen=True)
class Part:
    text: str  # the item or clause that asks it, with its context
    question: str
    item: int  # which numbered item (0 when the message is not numbered)


def asked_in(clause: str) -> Optional[str]:
    asked = next((q for q in _ORDER if question_cue(q).search(clause)), None)
    return asked or ("materials" if how_cue().search(clause) else None)  # "怎么增员"


def numbered_items(text: str) -> List[str]:
    pieces = [p.strip() for p in _NUMBERED.split(text)]
    items = [p for p in pieces if p]
    return items if len(_NUMBERED.findall(text)) >= 2 else [text]


def question_parts(message: UserMessage) -> List[Part]:
    """The questions a message asks, in order; one part for a single question."""
    parts: List[Part] = []
    # The message as typed: normalising drops the spaces that part its questions.
    for index, item in enumerate(numbered_items(message.raw.strip())):
        context = ""
        for piece in _CLAUSE_BREAK.split(item):
            clause = UserMessage.read(piece).text
            if not clause:
                continue
            question = asked_in(clause)
            if question is None:
                context += clause
                continue
            if parts and parts[-1].item == index and parts[-1].question == question:
                continue  # the same question said twice ("咋办 咋弄")
            parts.append(Part(context + clause, question, index))
            context = ""
    return parts


def several_questions(parts: List[Part]) -> bool:
    return len({(p.item, p.question) for p in parts}) >= 2
