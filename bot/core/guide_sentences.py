"""The guide's own sentences of a service, and the ones that answer a detail question.

A question no field answers directly ("单位要提前多久申请退休", "发票丢了咋办",
"能委托别人办吗") is answered by quoting the sentence or two of the service's
text that share the most telling words with it. Words that occur in many
sentences of the guide (材料, 提供, 复印件) tell little; rare ones (委托, 遗失,
两个月) tell much.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterator, List, Sequence, Set, Tuple

from bot.core.knowledge import KnowledgeBase, get_knowledge_base
from bot.core.schema import Cases, Service
from bot.text import compact

# A sentence ends at these; a clause of a long sentence at the semicolons too.
_SENTENCE_END = re.compile(r"(?<=[。；;！？!?])")
MIN_SENTENCE_CHARS = 6


@dataclass(frozen=True)
class Quote:
    text: str  # as the guide writes it
    key: str  # its comparison key


@dataclass(frozen=True)
class Match:
    quote: Quote
    score: float  # the share of the question's telling words the sentence has


def _texts(service: Service) -> Iterator[str]:
    """Every text of the service's record, in the guide's order."""
    yield from service.conditions
    materials = service.materials
    yield from materials.common
    yield from _case_texts(materials.cases)
    for group in materials.groups:
        yield from group.items
    yield from materials.notes
    yield service.time_limit.text
    yield from service.feedback
    yield from service.tips


def _case_texts(cases: Cases | None) -> Iterator[str]:
    if not cases:
        return
    if cases.note:
        yield cases.note
    for option in cases.options:
        yield from option.conditions
        yield from option.materials
        yield from _case_texts(option.cases)


def sentences_of(service: Service) -> List[Quote]:
    seen: Set[str] = set()
    quotes: List[Quote] = []
    for text in _texts(service):
        for piece in _SENTENCE_END.split(text):
            piece = piece.strip()
            key = compact(piece)
            if len(key) >= MIN_SENTENCE_CHARS and key not in seen:
                seen.add(key)
                quotes.append(Quote(piece, key))
    return quotes


def _grams(key: str) -> Set[str]:
    return {key[i : i + 2] for i in range(len(key) - 1)}


class SentenceIndex:
    """Every service's sentences, with how telling each pair of characters is."""

    def __init__(self, kb: KnowledgeBase):
        self._sentences: Dict[str, List[Tuple[Quote, Set[str]]]] = {
            s.id: [(q, _grams(q.key)) for q in sentences_of(s)] for s in kb.services
        }
        counts: Counter = Counter()
        total = 0
        for sentences in self._sentences.values():
            for _, grams in sentences:
                counts.update(grams)
                total += 1
        self._idf = {gram: math.log(1 + total / n) for gram, n in counts.items()}
        self._unseen = math.log(1 + total)

    def weight(self, gram: str) -> float:
        return self._idf.get(gram, self._unseen)

    def best(self, service_id: str, words: str, count: int = 2) -> List[Match]:
        """The service's sentences that best share the telling words of `words` (a key)."""
        asked = {g for g in _grams(words) if g in self._idf}  # pairs the guide never uses tell nothing
        total = sum(self.weight(g) for g in asked)
        if not total:
            return []
        scored = [
            Match(quote, sum(self.weight(g) for g in asked & grams) / total)
            for quote, grams in self._sentences.get(service_id, [])
        ]
        scored.sort(key=lambda m: m.score, reverse=True)
        return scored[:count]


@lru_cache(maxsize=1)
def get_sentence_index() -> SentenceIndex:
    return SentenceIndex(get_knowledge_base())


def quoted(matches: Sequence[Match]) -> List[str]:
    return [m.quote.text for m in matches]
