"""Several questions in one message: "在哪办 电话多少", "1、新员工怎么增员 2、离职的怎么减员".

A message is cut into numbered items, and items into clauses; each clause asks
the type of question whose words (data/nlu/cues.yml) it uses. Clauses that ask
nothing are context for the next one ("我爸去世了，丧葬费咋领").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import List, Optional, Sequence, Tuple

from bot.core.knowledge import KnowledgeBase
from bot.core.message import UserMessage
from bot.core.question_words import DEADLINE, how_cue, question_cue
from bot.text import normalize_user_text

# "1、", "2.", "（3）", "①": the numbering of a list, wherever it stands
# (normalising the message drops the line breaks and spaces before it).
_NUMBERED = re.compile(r"(?<![0-9])(?:[（(]?[0-9一二三四五六七八九][)）、.．](?![0-9])|[①②③④⑤⑥⑦⑧⑨])")
# Words that open another question ("另外有个员工身份证号码录错了").
_ANOTHER_TOPIC = ("还有", "另外", "再就是", "再问一下", "顺便问一下", "顺便问", "以及")
# What makes a piece of a message a question of its own ("能领不", "要啥").
_ASKS = re.compile(r"[吗么呢啥哪几怎咋？?]|什么|多少|多久|多长|如何|能|可以|行不|不$|是不是|有没有|要不要")
# The words that open another question begin its clause: they say it is not
# the question before asked again ("…要啥材料？另外丧葬费那块咋领").
_CLAUSE_BREAK = re.compile(r"[，,。？?！!；;\s]+|(?=" + "|".join(_ANOTHER_TOPIC) + ")")
_OPENS_ANOTHER_TOPIC = re.compile("^(?:" + "|".join(_ANOTHER_TOPIC) + ")")
# The order in which a clause's words are read: the narrow questions first;
# "能…吗" (conditions) and "怎么办" (materials) also appear around the others.
_ORDER = ("time_limit", "phone", "location", "feedback", "online", "materials", "conditions")

# Words that ask something only vaguely ("能…吗", "怎么办"): another question's
# words in the same clause say what is asked.
_VAGUE = re.compile(r"吗|不$|能不能|可不可以|行不行|怎么|咋|如何")


@dataclass(frozen=True)
class Part:
    text: str  # the item or clause that asks it, with its context
    question: str
    item: int  # which numbered item (0 when the message is not numbered)
    vague: bool = False  # asked only by "能…吗", "怎么办"
    # Questions beside it without the words of any answer card ("火化收据还用交吗"):
    # only the guide's sentences may answer them.
    uncued: Tuple[str, ...] = ()
    another_topic: bool = False  # opened by "另外", "还有": a question of its own


def _cues(clause: str) -> List[Tuple[int, str, bool]]:
    """(where, question type, vague) of each question the clause asks, in order;
    the spaces that parted "要带啥 多久能办好 电话多少" are gone, the words are not."""
    # A deadline to apply ("得多少天内报") asks the conditions: read before the time limit.
    found: List[Tuple[int, int, str]] = [(m.start(), m.end(), "conditions") for m in DEADLINE.finditer(clause)]
    for question in _ORDER:
        for match in question_cue(question).finditer(clause):
            if not any(start < match.end() and match.start() < end for start, end, _ in found):
                found.append((match.start(), match.end(), question))
    strong = [f for f in found if not _VAGUE.search(clause[f[0] : f[1]])]
    if strong:  # "网上能办吗" asks about 网上, not about the conditions
        # "咋领钱在哪办": a "how" before every other question word asks one of its own.
        first = min(start for start, _, _ in strong)
        how = [(s, e, q) for s, e, q in found if q == "materials" and e <= first and (s, e, q) not in strong]
        return [(start, question, False) for start, _, question in sorted(how[:1] + strong)]
    if not found and how_cue().search(clause):
        found.append((0, 0, "materials"))  # "怎么增员": how to do it, what to bring
    return [(start, question, True) for start, _, question in sorted(found)]


def _split(pattern: re.Pattern, masked: str, text: str) -> List[Tuple[str, str]]:
    """Both texts cut where `pattern` matches the first (they have the same length)."""
    pieces, start = [], 0
    for match in pattern.finditer(masked):
        pieces.append((masked[start : match.start()], text[start : match.start()]))
        start = match.end()
    pieces.append((masked[start:], text[start:]))
    return [(m.strip(), t.strip()) for m, t in pieces if m.strip()]


def numbered_items(masked: str, text: str) -> List[Tuple[str, str]]:
    if len(_NUMBERED.findall(masked)) < 2:
        return [(masked, text)]
    return _split(_NUMBERED, masked, text)


def _with_pauses(message: UserMessage) -> str:
    """The normalised text with a comma where the user paused (a space or a
    line break) after asking something: "丧葬补助金能领不 要啥东西" asks two
    things; "没有医院的死亡证明 工亡补助金还能申请吗" one, about that paper."""
    pieces = message.raw.split()
    typed = "".join(piece + ("，" if _ASKS.search(piece) else " ") for piece in pieces[:-1])
    return normalize_user_text(typed + (pieces[-1] if pieces else ""))


def question_parts(message: UserMessage, names: Sequence[str] = ()) -> List[Part]:
    """The questions a message asks, in order; one part for a single question.
    Question words inside `names` (service names) ask nothing ("…资格认证")."""
    text = _with_pauses(message)
    masked = text
    for name in sorted(names, key=len, reverse=True):
        masked = masked.replace(name, "□" * len(name))
    parts: List[Part] = []
    context = ""  # what the clauses that ask nothing told, up to the next question
    uncued: List[str] = []  # the clauses among them that ask something all the same
    for index, (item, item_text) in enumerate(numbered_items(masked, text)):
        for clause, clause_text in _split(_CLAUSE_BREAK, item, item_text):
            cues = _cues(clause)
            if not cues:
                context += clause_text
                if _ASKS.search(clause):
                    uncued.append(clause_text)
                continue
            # Each question runs from the end of the one before to its own words.
            cuts = [0] + [start for start, *_ in cues[1:]] + [len(clause)]
            asked: List[str] = []
            # "另外我银行卡换了，发放的卡咋改": the words may open a clause of context before it.
            opens = bool(_OPENS_ANOTHER_TOPIC.match(context) or _OPENS_ANOTHER_TOPIC.match(clause_text))
            for (_, question, vague), begin, end in zip(cues, cuts, cuts[1:], strict=False):
                if question not in asked:  # the same question said twice ("咋领要带啥")
                    asked.append(question)
                    asking = context + clause_text[begin:end]
                    parts.append(Part(asking, question, index, vague, tuple(uncued), opens and not begin))
                context, uncued = "", []
    if parts and uncued:  # "…要带啥？她跟我们一起住，还得开证明吗？"
        parts[-1] = replace(parts[-1], uncued=parts[-1].uncued + tuple(uncued))
    # "怎么领？要带什么？" asks one thing twice; "咋改 要几天" asks what to do,
    # "能领不 要啥东西" whether, then what to bring.
    # What such a question says stays beside the plain one, for the guide's
    # sentences to answer ("要啥材料？社保卡找不着了咋整").
    kept = list(parts)
    for i, part in enumerate(parts):
        plain = _said_plainly_beside(parts, i) if part.vague else None
        if plain is not None and plain > i:
            # "票子咋报 要啥": what the vague one named is what the plain one asks about.
            kept[plain] = replace(kept[plain], text=part.text + kept[plain].text)
        if plain is not None:
            kept[plain] = replace(kept[plain], uncued=kept[plain].uncued + (part.text,))
    return [kept[i] for i, p in enumerate(parts) if not (p.vague and _said_plainly_beside(parts, i) is not None)]


def _said_plainly_beside(parts: List[Part], index: int) -> Optional[int]:
    """The question next to this one that asks the same plainly, in the same item, if
    any: the one after it first ("…要带啥？换完了费用咋报 要啥票据": what 咋报 names
    is what 要啥 asks about)."""
    part = parts[index]
    for near in (index + 1, index - 1):
        if 0 <= near < len(parts):
            p = parts[near]
            later = parts[max(index, near)]
            if not p.vague and p.question == part.question and p.item == part.item and not later.another_topic:
                return near
    return None


def asked_parts(kb: KnowledgeBase, message: UserMessage) -> List[Part]:
    """The questions the message asks, question words inside the names of the
    services it names left out ("…资格认证" asks nothing)."""
    return question_parts(message, kb.names_in(message.key))


def several_questions(parts: Sequence[Part]) -> bool:
    # Two clauses may ask the same about two services ("丧葬补助金要带啥 另外注销又要啥").
    return len(parts) >= 2


def numbered_list(parts: Sequence[Part]) -> bool:
    """True if the questions come as items of a numbered list ("1、… 2、…")."""
    return len({p.item for p in parts}) > 1


def asks_something(message: UserMessage) -> bool:
    """True if the message asks something ("想领那个 能给吗"), not only states."""
    return bool(_ASKS.search(message.key))


def opens_another_topic(message: UserMessage) -> bool:
    """True if the message starts with words that open another question: a
    statement after them is a new question, not an answer."""
    return bool(_OPENS_ANOTHER_TOPIC.match(message.key))
