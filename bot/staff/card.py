"""A service's full card for staff: every case expanded, the caller's district first."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Dict, List, Optional

from bot.core import checklist
from bot.core.answers import Answer, answer
from bot.core.details import ALL
from bot.core.render import section_lines
from bot.core.schema import Service

# The card's parts, in the order staff read them out; materials with every case.
PARTS = (
    ("conditions", None),
    ("materials", ALL),
    ("time_limit", None),
    ("feedback", None),
    ("location", None),
    ("online", None),
)


@dataclass
class Part:
    question: str
    heading: str
    lines: List[str]


def _lines(result: Answer) -> List[str]:
    lines: List[str] = []
    for section in result.sections:
        lines += section_lines(section)
    return lines


def _district_first(result: Answer, district: Optional[str]) -> Answer:
    """All offices, the caller's district's first (staff may need the others too)."""
    if district:
        result.sections.sort(key=lambda section: not section.heading.startswith(district))
    return result


def card(service: Service, district: Optional[str]) -> Dict:
    parts = []
    for question, case in PARTS:
        result = answer(service, question, case_id=case)
        if question == "location":
            result = _district_first(result, district)
        parts.append(Part(question, result.heading, _lines(result)))
    materials = next(p for p in parts if p.question == "materials")
    return {
        "id": service.id,
        "name": service.name,
        "short_name": service.short_name,
        "parts": [asdict(p) for p in parts],
        "materials_text": f"{service.name}\n" + "\n".join(materials.lines),
        "checklist": checklist.path(service.id, None, district if service.has_district_offices else None),
        "districts": [o.district for o in service.offices if o.district],
    }
