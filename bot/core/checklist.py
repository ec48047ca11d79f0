"""What a printable checklist holds: one service, one case, one district.

The same answers as the chat, gathered on one page: the materials to tick
off, then where to go, how long it takes, the phones and the online address.
bot/web renders it as HTML; answers link to it by `path()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional
from urllib.parse import quote

from bot.core import wording
from bot.core.answers import Answer, Section, answer
from bot.core.details import ALL
from bot.core.knowledge import get_knowledge_base
from bot.core.schema import CaseOption, Service

# Sections that are facts to read, in the order a citizen needs them.
FACT_QUESTIONS = ("time_limit", "location", "online")


@dataclass
class Checklist:
    service: Service
    case_path: List[CaseOption]
    district: Optional[str]
    materials: Answer
    facts: List[Answer] = field(default_factory=list)

    @property
    def to_tick(self) -> List[Section]:
        """Sections whose items are things to bring."""
        return [s for s in self.materials.sections if _to_bring(s)]

    @property
    def notes(self) -> List[Section]:
        return [s for s in self.materials.sections if not _to_bring(s)]


def _to_bring(section: Section) -> bool:
    # The optional special situations are named, not things everyone brings.
    return section.numbered and bool(section.items) and section.heading != wording.SPECIAL_SITUATIONS


def known_case(service: Service, case_id: Optional[str]) -> bool:
    return case_id is None or case_id == ALL or any(o.id == case_id for o in service.case_options)


def checklist(service: Service, case_id: Optional[str], district: Optional[str]) -> Checklist:
    """The checklist of a service for a case (None: no case, ALL: every case)."""
    if not known_case(service, case_id):
        raise ValueError(f"{service.id} has no case {case_id!r}")
    cases = service.materials.cases
    if case_id is None and cases and not cases.optional:
        case_id = ALL  # no case told: every case's items, each under its heading
    district = district if any(o.district == district for o in service.offices) else None
    materials = answer(service, "materials", case_id=case_id, district=district)
    facts = [answer(service, question, case_id=case_id, district=district) for question in FACT_QUESTIONS]
    return Checklist(service, materials.case_path, district, materials, facts)


def path(service_id: str, case_id: Optional[str] = None, district: Optional[str] = None) -> str:
    """The checklist's address on the assistant's web server; the district
    (its official name) goes by its ASCII id, so the link survives any chat app."""
    where = f"/checklist/{quote(service_id)}" + (f"/{quote(case_id)}" if case_id else "")
    district_id = get_knowledge_base().district_id(district) if district else None
    return where + (f"?district={district_id}" if district_id else "")


def path_for(result: Answer) -> Optional[str]:
    """The checklist of a materials answer, when its items are settled (a
    case chosen where the guide requires one)."""
    service, cases = result.service, result.service.materials.cases
    if result.question != "materials" or (cases and not cases.optional and not result.case_path):
        return None
    case_id = result.case_path[-1].id if result.case_path else None
    district = result.district if service.has_district_offices else None
    return path(service.id, case_id, district)
