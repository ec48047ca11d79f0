"""Ranks services for what a caller says, and tells staff why each was ranked.

The Rasa server's NLU is asked first (its service and case classifiers); if
it cannot be reached the knowledge base alone is searched, and the console
says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import requests

from bot.core.dialogue import entity_values
from bot.core.guide_sentences import get_sentence_index
from bot.core.message import UserMessage
from bot.core.resolve import Candidate, ServiceResolver
from bot.parse_result import case_ranking, classifier_ranking

# How long staff wait for the NLU before searching the knowledge base alone.
PARSE_TIMEOUT_SECONDS = 2.0
MAX_RESULTS = 6
# Services found by the guide's wording alone, listed even after a full ranking.
TEXT_RESULTS = 2
# A case the NLU names is shown when at least this sure.
CASE_SHOWN = 0.3

REASONS = {
    "name": "消息里写了它的名称、简称或常用叫法",
    "mention": "语义识别认出了这项业务",
    "classifier": "语义分类器判断（{weight:.0%}）",
    "similarity": "与它的名称或情形用语相近（{weight:.0%}）",
}
GUIDE_TEXT = "办事指南原文相近：「{sentence}」"


@dataclass
class Ranked:
    service_id: str
    name: str
    score: float
    reasons: List[str]
    cases: List[Tuple[str, str]] = field(default_factory=list)  # (case id, label) the NLU saw
    # "evidence": score is the resolver's; "text": found by the guide's wording alone, score is
    # the share of the words found, not comparable (the console shows no percentage).
    kind: str = "evidence"


@dataclass
class SearchResult:
    results: List[Ranked]
    nlu_used: bool


def parse(rasa_url: Optional[str], token: Optional[str], text: str) -> Optional[Dict]:
    """The Rasa server's parse of the text, or None when it cannot be reached."""
    if not rasa_url:
        return None
    try:
        response = requests.post(
            f"{rasa_url}/model/parse", params={"token": token or ""}, json={"text": text}, timeout=PARSE_TIMEOUT_SECONDS
        )
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError):
        return None


def reasons(candidate: Candidate) -> List[str]:
    strongest: Dict[str, float] = {}
    for kind, weight in candidate.evidence:
        strongest[kind] = max(strongest.get(kind, 0.0), weight)
    return [REASONS[kind].format(weight=weight) for kind, weight in strongest.items() if kind in REASONS]


def rank(resolver: ServiceResolver, text: str, parsed: Optional[Dict]) -> List[Ranked]:
    message = UserMessage.read(text)
    mentions: Sequence[str] = entity_values(parsed.get("entities") or [], "service") if parsed else ()
    ranking = classifier_ranking(parsed) if parsed else []
    resolution = resolver.resolve(message, mentions=mentions, ranking=ranking)
    cases = case_ranking(parsed) if parsed else []
    results = []
    for candidate in resolution.candidates[:MAX_RESULTS]:
        service = candidate.service
        labels = {option.id: option.button_title for option in service.case_options}
        seen = [(c, labels[c]) for s, c, p in cases if s == service.id and c in labels and p >= CASE_SHOWN]
        results.append(Ranked(service.id, service.name, candidate.score, reasons(candidate), seen))
    # Then the services whose guide text reads most like the words (all there is without the NLU).
    listed = {r.service_id for r in results}
    found_by_text = [
        (sid, m) for sid, m in get_sentence_index().services_for(message.key, MAX_RESULTS) if sid not in listed
    ]
    for service_id, match in found_by_text[: max(TEXT_RESULTS, MAX_RESULTS - len(results))]:
        reason = [GUIDE_TEXT.format(sentence=match.quote.text)]
        results.append(Ranked(service_id, resolver.kb[service_id].name, round(match.score, 3), reason, kind="text"))
    return results


def search(resolver: ServiceResolver, text: str, rasa_url: Optional[str], token: Optional[str]) -> SearchResult:
    parsed = parse(rasa_url, token, text)
    return SearchResult(rank(resolver, text, parsed), nlu_used=parsed is not None)
