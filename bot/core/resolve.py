"""Finds which service a message is about, in layers, with ranked candidates.

1. Names: an official name, 简称 or alias written in the message.
2. Mentions: what the NLU extracted as a `service` entity (an id after
   synonym mapping, or the words the user wrote).
3. The NLU's service ranking (bot/nlu/service_classifier.py, for messages that
   describe a situation) together with a matcher over the knowledge base:
   IDF-weighted overlap of character bigrams and of pinyin
   syllable bigrams between the message and every name, so that partial
   names and homophone typos (社宝 → 社保) still find the service. The words
   that describe a service's cases (超过退休年龄, 出国定居…) count too, a
   little less than its names.

When the best candidates are close, `Resolution.decided` is None and the
caller asks which one is meant instead of guessing.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from bot.core.knowledge import KnowledgeBase, get_knowledge_base
from bot.core.message import UserMessage
from bot.core.question_words import question_cue
from bot.core.schema import Service
from bot.text import compact, normalize_user_text, pinyin_syllables

# How much each layer's evidence counts, combined as independent evidence.
# Tuned on the development set (bench/dev/): the classifier, trained on many
# phrasings, is the surest; a name in the text or a close similarity backs
# it up or decides when it is unsure.
NAME_WEIGHT = 0.3
MENTION_WEIGHT = 0.25
SIMILARITY_WEIGHT = 0.5
# The surest kind of evidence a candidate has, for callers that care.
SOURCES = ("name", "mention", "classifier", "similarity")
# A candidate must reach this to count at all (unless named in the text;
# lowered from 0.45 on the conversation development set, bench/dev/situations/)…
MIN_SCORE = 0.3
# …and the best must lead the next service by this much to be taken alone.
MARGIN = 0.1
# Pinyin agreement is a little weaker evidence than the same characters.
PINYIN_WEIGHT = 0.9
# A case keyword points to its service less surely than a name does.
CASE_WORD_WEIGHT = 0.8
MIN_CASE_WORD = 3
# A name followed by one of these is the paper that service produced ("工伤认定书"
# is what an injury claim needs), not the service asked about.
DOCUMENT_SUFFIXES = "书"


@dataclass(frozen=True)
class Candidate:
    service: Service
    score: float
    source: str  # its surest evidence, one of SOURCES
    evidence: Tuple[Tuple[str, float], ...] = ()  # every (kind, weight) that counted, for the staff console


@dataclass
class Resolution:
    candidates: List[Candidate] = field(default_factory=list)  # best first
    order: Dict[str, int] = field(default_factory=dict)  # service id → place in the guide

    @property
    def best(self) -> Optional[Candidate]:
        return self.candidates[0] if self.candidates else None

    @property
    def decided(self) -> Optional[Service]:
        """The service meant, when one clearly stands out."""
        if not self.candidates:
            return None
        if len(self.candidates) == 1:
            return self.candidates[0].service
        best, second = self.candidates[0], self.candidates[1]
        return best.service if best.score - second.score >= MARGIN else None

    def among(self, offered: Sequence[str]) -> Resolution:
        """The same reading, restricted to the services offered to choose from."""
        return Resolution([c for c in self.candidates if c.service.id in offered], self.order)

    def without(self, services: Iterable[Service]) -> Resolution:
        dropped = {service.id for service in services}
        return Resolution([c for c in self.candidates if c.service.id not in dropped], self.order)

    def top(self, count: int = 4) -> List[Service]:
        """Services to offer when asking which one is meant: those the message
        names first, then the others close to the best."""
        if not self.candidates:
            return []
        floor = self.candidates[0].score - MARGIN
        named = [c.service for c in self.candidates if c.source in ("name", "mention")]
        # Named services in the guide's order, so the buttons do not shuffle.
        named.sort(key=lambda s: self.order.get(s.id, 0))
        close = [c.service for c in self.candidates if c.score >= floor and c.service not in named]
        return (named + close)[:count]


def _names_a_document(text_key: str, end: int) -> bool:
    return end < len(text_key) and text_key[end] in DOCUMENT_SUFFIXES


def _bigrams(units: Sequence[str]) -> Set[Tuple[str, ...]]:
    if len(units) == 1:
        return {(units[0],)}
    return {tuple(units[i : i + 2]) for i in range(len(units) - 1)}


class _BigramIndex:
    """Weighted recall of a term's bigrams in a message, for every term at once."""

    def __init__(self, names: Iterable[str], to_units):
        self._to_units = to_units
        grams_by_name = {name: _bigrams(to_units(name)) for name in names}
        document_frequency: Dict[Tuple[str, ...], int] = defaultdict(int)
        for grams in grams_by_name.values():
            for gram in grams:
                document_frequency[gram] += 1
        total = len(grams_by_name)
        self._idf = {g: math.log(1 + total / df) for g, df in document_frequency.items()}
        self._postings: Dict[Tuple[str, ...], List[str]] = defaultdict(list)
        self._mass: Dict[str, float] = {}
        for name, grams in grams_by_name.items():
            self._mass[name] = sum(self._idf[g] for g in grams)
            for gram in grams:
                self._postings[gram].append(name)

    def scores(self, text: str) -> Dict[str, float]:
        found: Dict[str, float] = defaultdict(float)
        for gram in _bigrams(self._to_units(text)) if text else ():
            for name in self._postings.get(gram, ()):
                found[name] += self._idf[gram]
        return {name: weight / self._mass[name] for name, weight in found.items()}


class ServiceResolver:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._names = kb.name_index()  # comparison key → services
        self._order = {service.id: index for index, service in enumerate(kb.services)}
        # Longest names first, so that a long name wins over an alias inside it.
        self._by_length = sorted(self._names, key=len, reverse=True)
        self._case_terms: Dict[str, Service] = {}
        case_words: Dict[str, Set[str]] = defaultdict(set)
        for service in kb.services:
            for option in service.case_options:
                for word in [*option.keywords, option.button_title]:
                    case_words[compact(normalize_user_text(word))].add(service.id)
        # Only words that point to one service, say more than a word or so,
        # are not part of any service's name (企业职工 says nothing new) and
        # do not only say how it is done (网上申请 is asked of every service).
        name_text = "|".join(self._names)
        online = question_cue("online")
        for key, service_ids in case_words.items():
            if online.search(key):
                continue
            if len(service_ids) == 1 and len(key) >= MIN_CASE_WORD and key not in name_text:
                self._case_terms[key] = kb[next(iter(service_ids))]
        self._chars = _BigramIndex([*self._names, *self._case_terms], lambda key: list(key))
        self._sounds = _BigramIndex([*self._names, *self._case_terms], pinyin_syllables)

    def by_name(self, text_key: str) -> List[Service]:
        """Services whose name, 简称 or alias is written in the message."""
        covered = [False] * len(text_key)
        found: List[Service] = []
        for name in self._by_length:
            start = text_key.find(name)
            while start != -1:
                span = range(start, start + len(name))
                if not all(covered[i] for i in span) and not _names_a_document(text_key, start + len(name)):
                    for i in span:
                        covered[i] = True
                    for service in self._names[name]:
                        if service not in found:
                            found.append(service)
                start = text_key.find(name, start + 1)
        return found

    def papers_in(self, text_key: str) -> List[Service]:
        """Services the message names only as a paper they produced ("工伤认定书")."""
        named = {service.id for service in self.by_name(text_key)}
        papers: List[Service] = []
        for name in self._by_length:
            start = text_key.find(name)
            if start != -1 and _names_a_document(text_key, start + len(name)):
                papers += [s for s in self._names[name] if s.id not in named and s not in papers]
        return papers

    def by_mention(self, mentions: Iterable[str], text_key: str = "") -> List[Service]:
        found: List[Service] = []
        for mention in mentions:
            key = compact(mention)
            at = text_key.find(key) if key else -1
            if at != -1 and _names_a_document(text_key, at + len(key)):
                continue
            for service in self.kb.lookup(mention) or self.by_name(compact(mention)):
                if service not in found:
                    found.append(service)
        return found

    def by_similarity(self, text_key: str, floor: float = MIN_SCORE) -> List[Candidate]:
        by_name: Dict[str, float] = defaultdict(float)
        by_case: Dict[str, float] = defaultdict(float)
        char_scores = self._chars.scores(text_key)
        sound_scores = self._sounds.scores(text_key)
        for term in set(char_scores) | set(sound_scores):
            score = max(char_scores.get(term, 0.0), PINYIN_WEIGHT * sound_scores.get(term, 0.0))
            for service in self._names.get(term, ()):
                by_name[service.id] = max(by_name[service.id], score)
            if term in self._case_terms:
                service_id = self._case_terms[term].id
                by_case[service_id] = max(by_case[service_id], CASE_WORD_WEIGHT * score)
        # Either kind of evidence may carry a service; both together more so.
        best = {
            service_id: 1 - (1 - by_name[service_id]) * (1 - by_case[service_id])
            for service_id in set(by_name) | set(by_case)
        }
        ranked = sorted(best.items(), key=lambda item: item[1], reverse=True)
        return [
            Candidate(self.kb[service_id], round(score, 3), "similarity")
            for service_id, score in ranked
            if score >= floor
        ]

    def resolve(
        self,
        message: UserMessage,
        mentions: Sequence[str] = (),
        ranking: Sequence[Tuple[str, float]] = (),
    ) -> Resolution:
        """Ranked services the message may be about.

        `mentions` are the NLU's `service` entity values, `ranking` its
        service classifier's (id, probability) pairs. Each layer adds
        evidence; a name in the text weighs most, but a confident classifier
        can outweigh a name that is only part of what the message is about
        ("辅助器具配置的费用怎么报销" is the expense claim, not the fitting).
        """
        text_key = message.key
        evidence: Dict[str, List[Tuple[float, str]]] = defaultdict(list)
        for service in self.by_name(text_key):
            evidence[service.id].append((NAME_WEIGHT, "name"))
        for service in self.by_mention(mentions, text_key):
            evidence[service.id].append((MENTION_WEIGHT, "mention"))
        for candidate in self.by_similarity(text_key, floor=0.0):
            evidence[candidate.service.id].append((SIMILARITY_WEIGHT * candidate.score, "similarity"))
        for service_id, probability in ranking:
            if self.kb.get(service_id):
                evidence[service_id].append((probability, "classifier"))
        candidates = []
        for service_id, parts in evidence.items():
            doubt = 1.0
            for weight, _ in parts:
                doubt *= 1 - weight
            kinds = {kind for _, kind in parts}
            source = next(kind for kind in SOURCES if kind in kinds)
            kept_parts = tuple((kind, round(weight, 3)) for weight, kind in parts)
            candidates.append(Candidate(self.kb[service_id], round(1 - doubt, 3), source, kept_parts))
        candidates.sort(key=lambda c: c.score, reverse=True)
        # A service named in the text (or by a button) stays a candidate
        # however weak the rest of the evidence.
        kept = [c for c in candidates if c.score >= MIN_SCORE or c.source in ("name", "mention")]
        return Resolution(kept, self._order)


@lru_cache(maxsize=1)
def get_resolver() -> ServiceResolver:
    return ServiceResolver(get_knowledge_base())
